package org.onlinebackup.job.common;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How an operation's lines name what the user can change. Messages name command-line options ({@code --overwrite},
 * {@code --lock-timeout N}); a job started through the JobOperator, the management API or a schedule gets the job
 * parameters instead ({@code overwrite=true}, {@code lockTimeout=N}), since those are what its user sets. The
 * command line marks its jobs with {@link JobParams#COMMAND_LINE}.
 */
public record Wording(boolean commandLine) {
    /** The job parameters an option can stand for: each is the camel case of its option, but for these. */
    private static final Set<String> PARAMETERS = parameterNames();
    /** Options that are switches: their parameter is {@code true} to turn them on. */
    private static final Set<String> SWITCHES = Set.of(JobParams.OVERWRITE, JobParams.DROP_EXTRA, JobParams.USERS,
            JobParams.ALL, JobParams.NO_DATA, JobParams.VERIFY_FIRST, JobParams.HISTORY_ON_SERVER, JobParams.ENCRYPT,
            JobParams.COMPRESS, JobParams.SSL, JobParams.SSL_VERIFY_SERVER_CERT, JobParams.BREAKPOINTS);
    /** An option, and the placeholder of its value when one follows ({@code --key-file FILE}). */
    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--([a-z][a-z-]*[a-z])(?: ([A-Z][A-Z_]*)\\b)?");

    public static Wording of(Properties jobParameters) {
        return new Wording(JobParams.flag(jobParameters, JobParams.COMMAND_LINE));
    }

    /** {@code text} as this operation's user reads it. */
    public String apply(String text) {
        return commandLine || text == null ? text : inJobParameters(text);
    }

    /** {@code text} with each option that has a job parameter named as that parameter. */
    public static String inJobParameters(String text) {
        Matcher m = OPTION.matcher(text);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String parameter = parameter(m.group(1));
            String replacement;
            if (parameter == null) {
                replacement = m.group();
            } else if (m.group(2) != null) {
                replacement = parameter + "=" + m.group(2);
            } else {
                replacement = SWITCHES.contains(parameter) ? parameter + "=true" : parameter;
            }
            m.appendReplacement(b, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(b);
        return b.toString();
    }

    /** The job parameter of command-line option {@code --name}, or null when it has none. */
    public static String parameter(String name) {
        if (name.equals("to") || name.equals("from")) {
            return JobParams.IMAGE;
        }
        StringBuilder camel = new StringBuilder();
        boolean upper = false;
        for (char ch : name.toCharArray()) {
            if (ch == '-') {
                upper = true;
            } else {
                camel.append(upper ? Character.toUpperCase(ch) : ch);
                upper = false;
            }
        }
        String p = camel.toString();
        return PARAMETERS.contains(p) ? p : null;
    }

    private static Set<String> parameterNames() {
        Set<String> names = new TreeSet<>();
        for (Field f : JobParams.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                try {
                    String v = (String) f.get(null);
                    if (v.matches("[a-z][A-Za-z]*")) {
                        names.add(v);
                    }
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return names;
    }
}
