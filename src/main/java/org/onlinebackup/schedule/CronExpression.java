package org.onlinebackup.schedule;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * A cron expression as crontab(5) writes it, {@code minute hour day-of-month month day-of-week}, or with a leading
 * seconds field (six fields). Each field is {@code *}, a number, a range {@code a-b}, a step {@code *}/n or
 * {@code a-b/n}, or a comma-separated list of those; months and days of the week may be named ({@code JAN},
 * {@code MON}); Sunday is 0 or 7. When both day fields are restricted, a day matches either, as in cron.
 */
public final class CronExpression {
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT",
            "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    private final String text;
    private final BitSet seconds;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean anyDayOfMonth;
    private final boolean anyDayOfWeek;

    private CronExpression(String text, String[] f) {
        this.text = text;
        boolean withSeconds = f.length == 6;
        int o = withSeconds ? 1 : 0;
        seconds = withSeconds ? field(f[0], 0, 59, null, "second") : single(0);
        minutes = field(f[o], 0, 59, null, "minute");
        hours = field(f[o + 1], 0, 23, null, "hour");
        daysOfMonth = field(f[o + 2], 1, 31, null, "day of month");
        months = field(f[o + 3], 1, 12, MONTHS, "month");
        BitSet dow = field(f[o + 4], 0, 7, DAYS, "day of week");
        if (dow.get(7)) {
            dow.set(0);
        }
        daysOfWeek = dow;
        anyDayOfMonth = f[o + 2].equals("*");
        anyDayOfWeek = f[o + 4].equals("*");
    }

    /** Parses {@code text}; an {@code IllegalArgumentException} says what is wrong with which field. */
    public static CronExpression parse(String text) {
        String[] f = text.trim().split("\\s+");
        if (f.length != 5 && f.length != 6) {
            throw new IllegalArgumentException("cron expression '" + text + "' has " + f.length
                    + " fields: write minute hour day-of-month month day-of-week (or a second first)");
        }
        return new CronExpression(text.trim(), f);
    }

    /** The first time after {@code after} (whole seconds) that the expression matches; null if none within 5 years. */
    public LocalDateTime next(LocalDateTime after) {
        LocalDateTime t = after.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        LocalDateTime limit = after.plusYears(5);
        while (t.isBefore(limit)) {
            if (!months.get(t.getMonthValue())) {
                t = t.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
            } else if (!day(t)) {
                t = t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
            } else if (!hours.get(t.getHour())) {
                t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
            } else if (!minutes.get(t.getMinute())) {
                t = t.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
            } else if (!seconds.get(t.getSecond())) {
                t = t.plusSeconds(1);
            } else {
                return t;
            }
        }
        return null;
    }

    private boolean day(LocalDateTime t) {
        boolean dom = daysOfMonth.get(t.getDayOfMonth());
        boolean dow = daysOfWeek.get(t.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : t.getDayOfWeek().getValue());
        if (anyDayOfMonth || anyDayOfWeek) {
            return dom && dow;
        }
        return dom || dow;
    }

    @Override
    public String toString() {
        return text;
    }

    private static BitSet single(int v) {
        BitSet b = new BitSet();
        b.set(v);
        return b;
    }

    private static BitSet field(String text, int min, int max, List<String> names, String what) {
        BitSet out = new BitSet();
        for (String part : text.split(",")) {
            int step = 1;
            String range = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                step = number(part.substring(slash + 1), 1, max, null, what, text);
                range = part.substring(0, slash);
            }
            int lo;
            int hi;
            if (range.equals("*")) {
                lo = min;
                hi = max;
            } else if (range.contains("-")) {
                lo = number(range.substring(0, range.indexOf('-')), min, max, names, what, text);
                hi = number(range.substring(range.indexOf('-') + 1), min, max, names, what, text);
                if (hi < lo) {
                    throw new IllegalArgumentException("the " + what + " field '" + text + "' has a range that ends before it starts");
                }
            } else {
                lo = number(range, min, max, names, what, text);
                hi = slash >= 0 ? max : lo;
            }
            for (int v = lo; v <= hi; v += step) {
                out.set(v);
            }
        }
        return out;
    }

    private static int number(String s, int min, int max, List<String> names, String what, String field) {
        if (names != null) {
            int i = names.indexOf(s.toUpperCase(Locale.ROOT));
            if (i >= 0) {
                return names == MONTHS ? i + 1 : i;
            }
        }
        try {
            int v = Integer.parseInt(s);
            if (v < min || v > max) {
                throw new IllegalArgumentException("the " + what + " field '" + field + "' has " + v + ", outside " + min + "-" + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the " + what + " field '" + field + "' is not cron: '" + s + "'");
        }
    }
}
