package org.onlinebackup.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.onlinebackup.catalogue.AccountEntry;
import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.catalogue.EventEntry;
import org.onlinebackup.catalogue.SchemaObject;
import org.onlinebackup.catalogue.SequenceEntry;
import org.onlinebackup.catalogue.DatabaseEntry;
import org.onlinebackup.catalogue.SnapshotEntry;
import org.onlinebackup.catalogue.TableEntry;
import org.onlinebackup.image.v3.Header;
import org.onlinebackup.image.v3.ImageFormat;
import org.onlinebackup.image.v3.ImageReader;
import org.onlinebackup.image.v3.Summary;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "list", description = "Show an image's header, catalogue and summary, without a server.")
final class ListCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(paramLabel = "FILE", description = "The image file.")
    Path file;

    @Mixin
    TrustOptions trust;

    @Mixin
    OptionFileChoice optionFiles;

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;

    @Override
    public Integer call() {
        ImageReader image = ImageReader.inspect(Streams.refused("list", file).toAbsolutePath().normalize(), trust.keys(optionFiles.read()));
        PrintStream out = main.io.out();
        Header h = image.header();
        Summary s = image.summary();
        out.println("image           " + image.file());
        out.println("format          version " + ImageFormat.VERSION);
        out.println("created         " + h.created() + " by " + h.toolVersion());
        out.println("server          " + h.serverVersion() + " on " + h.serverHost()
                + ", character set " + h.serverCharset() + ", collation " + h.serverCollation());
        out.println("validity point  " + h.validityPoint() + (h.binlogFile() == null ? " (binlog off)"
                : ", binlog " + h.binlogFile() + ":" + h.binlogPosition() + ", GTID " + h.gtidPosition()));
        out.println("encryption      " + (h.encryption() == null ? "none" : "AES-256-GCM per record, key check "
                + java.util.HexFormat.of().formatHex(h.encryption().check())));
        out.println("authentication  " + image.authentication().describe());
        if (image.encrypted() && trust.key.key() == null) {
            out.println();
            out.println("the catalogue and the data are encrypted: give the key (--key-file FILE or OBK_KEY) to list them");
            out.println("total           " + s.totalBytes() + " bytes, " + s.rows() + " row(s)");
            return Main.OK;
        }
        Catalogue c = image.catalogue();
        out.println("selection       " + (c.selection().isEverything() ? "whole databases"
                : c.selection().describe() + (c.selection().wholeDatabases() ? "" : " (routines and events: none)")));
        out.println();
        out.println("databases (" + c.databases().size() + ")");
        for (DatabaseEntry d : c.databases()) {
            out.println("  `" + d.name() + "`  " + d.charset() + " / " + d.collation());
        }
        out.println("snapshots (" + c.snapshots().size() + ")");
        for (int i = 0; i < c.snapshots().size(); i++) {
            SnapshotEntry sn = c.snapshots().get(i);
            final int k = i;
            out.println("  " + i + "  " + sn.driver() + "  " + c.tables().stream().filter(t -> t.snapshot() == k).count() + " table(s)");
        }
        out.println("tables (" + c.tables().size() + ")");
        out.println(String.format("  %4s  %-40s %-10s %7s %12s %6s %7s %14s %14s", "#", "table", "engine", "columns", "rows",
                "ranges", "chunks", "stored bytes", "raw bytes"));
        for (TableEntry t : c.tables()) {
            Summary.TableStats st = s.tables().get(t.number());
            out.println(String.format("  %4d  %-40s %-10s %7d %12d %6d %7d %14d %14d", t.number(), c.qualifiedName(t), t.engine(),
                    t.columns().size(), st.rows(), st.ranges(), st.chunks(), st.storedBytes(), st.rawBytes()));
        }
        if (!c.objects().isEmpty()) {
            out.println("other objects (" + c.objects().size() + ")");
            for (SchemaObject o : c.objects()) {
                out.println("  " + c.describe(o) + (o instanceof SequenceEntry q ? "  next value " + q.nextValue() : "")
                        + (o instanceof EventEntry e ? "  " + e.status().name().toLowerCase(java.util.Locale.ROOT) : ""));
            }
        }
        if (!c.accounts().isEmpty()) {
            out.println("accounts (" + c.accounts().size() + ")");
            for (AccountEntry a : c.accounts()) {
                out.println("  " + c.describe(a) + "  " + a.grants().size() + " grant(s)");
            }
        }
        out.println("notes (" + c.notes().size() + ")" + (c.notes().isEmpty()
                ? ": the image holds every object " + (c.selection().isEverything() ? "of its databases" : "of its selection") : ""));
        for (String n : c.notes()) {
            out.println("  " + n);
        }
        out.println("summary");
        out.println("  header        " + s.headerBytes() + " bytes");
        out.println("  catalogue     " + s.catalogueBytes() + " bytes");
        out.println("  data          " + s.dataBytes() + " bytes (" + s.rawBytes() + " bytes of rows before compression)");
        out.println("  index         " + s.indexBytes() + " bytes");
        out.println("  summary       " + s.summaryBytes() + " bytes");
        out.println("  total         " + s.totalBytes() + " bytes");
        out.println("  rows          " + s.rows());
        return Main.OK;
    }
}
