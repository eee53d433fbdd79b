package org.onlinebackup.job.common;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.onlinebackup.catalogue.AccountEntry;
import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.catalogue.CatalogueEntry;
import org.onlinebackup.catalogue.Identifiers;
import org.onlinebackup.catalogue.ObjectKind;
import org.onlinebackup.catalogue.SchemaObject;
import org.onlinebackup.catalogue.TableEntry;
import org.onlinebackup.history.Recorder;
import org.onlinebackup.image.v3.Summary;

/** What an image holds, for the history: its engines and the driver of each, its objects and section sizes. */
public final class ImageContents {
    private ImageContents() {
    }

    /**
     * The history's {@link Recorder.Contents} of an image with this catalogue and summary. Its sections are WL#3324's
     * four, which add up to the file: header (the preamble and the header record), meta-data (the catalogue and the
     * chunk index), data (the chunks), summary (the summary record and the trailer).
     */
    public static Recorder.Contents of(Catalogue catalogue, Summary summary) {
        List<String> databases = catalogue.databases().stream().map(d -> Identifiers.quote(d.name())).toList();
        Map<String, Integer> others = new TreeMap<>();
        for (SchemaObject o : catalogue.objects()) {
            others.merge(plural(o.kind()), 1, Integer::sum);
        }
        if (!catalogue.accounts().isEmpty()) {
            others.put("accounts", catalogue.accounts().size());
        }
        return new Recorder.Contents(databases, catalogue.tables().size(), others, summary.dataStart(),
                summary.catalogueBytes() + summary.indexBytes(), summary.dataBytes(), summary.totalBytes() - summary.summaryOffset(),
                summary.totalBytes(), summary.rows(), engines(catalogue));
    }

    /**
     * "3 sequence(s), 15 table(s), 5 view(s), ": how many objects of each kind, in the order a restore creates them,
     * accounts and roles together; databases are not counted here.
     */
    public static String objects(Stream<? extends CatalogueEntry> entries) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        entries.filter(e -> e.kind() != ObjectKind.DATABASE).distinct()
                .sorted(Comparator.comparing((CatalogueEntry e) -> e.kind().phase()).thenComparing(e -> e.kind()))
                .forEach(e -> counts.merge(e instanceof AccountEntry ? "account" : e.kind().noun(), 1, Integer::sum));
        StringBuilder b = new StringBuilder();
        counts.forEach((k, n) -> b.append(n).append(' ').append(k).append("(s), "));
        return b.toString();
    }

    /** "views", "package bodies". */
    public static String plural(ObjectKind kind) {
        return kind == ObjectKind.PACKAGE_BODY ? "package bodies" : kind.noun() + "s";
    }

    /** {@code InnoDB (consistent-snapshot), MyISAM (locking)}: engines in name order, each with its drivers. */
    static String engines(Catalogue catalogue) {
        Map<String, TreeSet<String>> drivers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (TableEntry t : catalogue.tables()) {
            drivers.computeIfAbsent(t.engine(), k -> new TreeSet<>()).add(catalogue.snapshots().get(t.snapshot()).driver());
        }
        return drivers.entrySet().stream().map(e -> e.getKey() + " (" + String.join(", ", e.getValue()) + ")")
                .collect(Collectors.joining(", "));
    }
}
