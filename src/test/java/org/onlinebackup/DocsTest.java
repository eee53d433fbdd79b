package org.onlinebackup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.onlinebackup.feedback.Message;

/** The guide and the reference stay whole: their links lead somewhere, and docs/messages.md lists every message. */
class DocsTest {
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern FORMAT = Pattern.compile("%[-#+ 0,(]*\\d*(\\.\\d+)?[a-zA-Z]");

    @Test
    void everyLinkLeadsToAFileAndEveryAnchorToAHeading() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path md : markdown()) {
            boolean code = false;
            for (String line : Files.readAllLines(md)) {
                if (line.startsWith("```")) {
                    code = !code;
                }
                if (code) {
                    continue;
                }
                Matcher m = LINK.matcher(line);
                while (m.find()) {
                    String target = m.group(1);
                    if (target.matches("[a-z]+:.*")) {
                        continue;
                    }
                    int hash = target.indexOf('#');
                    String file = hash < 0 ? target : target.substring(0, hash);
                    Path to = file.isEmpty() ? md : md.resolveSibling(file).normalize();
                    if (!Files.exists(to)) {
                        broken.add(md + ": " + target + " (no such file)");
                    } else if (hash >= 0 && !anchors(to).contains(target.substring(hash + 1))) {
                        broken.add(md + ": " + target + " (no such heading in " + to + ")");
                    }
                }
            }
        }
        assertThat(broken).as("links in the Markdown files").isEmpty();
    }

    @Test
    void docsMessagesListsEveryMessageAsItReads() throws IOException, ReflectiveOperationException {
        List<String> lines = Files.readAllLines(Path.of("docs", "messages.md"));
        Field format = Message.class.getDeclaredField("format");
        format.setAccessible(true);
        List<String> missing = new ArrayList<>();
        for (Message m : Message.values()) {
            String text = FORMAT.matcher((String) format.get(m)).replaceAll("…").replace("%%", "%").replace("|", "\\|");
            String row = "| " + m.id() + " | " + text;
            if (lines.stream().noneMatch(l -> l.startsWith(row))) {
                missing.add(row + " |");
            }
        }
        assertThat(missing).as("rows docs/messages.md lacks, or has with another text (Message.java is the source)").isEmpty();
    }

    /** README.md, ARCHITECTURE.md and every other Markdown file of the project but target/. */
    private static List<Path> markdown() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("."))) {
            return files.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> !p.startsWith("./target") && !p.startsWith("./.git"))
                    .map(Path::normalize)
                    .sorted()
                    .toList();
        }
    }

    /** The anchors GitHub gives the headings of a Markdown file. */
    private static Set<String> anchors(Path md) throws IOException {
        Set<String> anchors = new HashSet<>();
        if (!md.toString().endsWith(".md")) {
            return anchors;
        }
        Map<String, Integer> seen = new HashMap<>();
        boolean code = false;
        for (String line : Files.readAllLines(md)) {
            if (line.startsWith("```")) {
                code = !code;
            }
            if (code || !line.matches("#{1,6} .*")) {
                continue;
            }
            String slug = line.replaceFirst("^#+ ", "").strip().toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
            int n = seen.merge(slug, 1, Integer::sum);
            anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
        }
        return anchors;
    }
}
