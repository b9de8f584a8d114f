package dev.latent.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link of README.md and docs/*.md resolves to a file inside the repository, and every
 * {@code #anchor} to a heading of the target page; links out of the repository (such as {@code ../shared})
 * fail, so that a fresh clone has no dead links. Web links (http, https, mailto) are not followed.
 */
class DocLinksTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().normalize();
    /** Inline links and images {@code [text](target "title")}, and reference definitions {@code [id]: target}. */
    private static final Pattern INLINE = Pattern.compile("!?\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern REFERENCE = Pattern.compile("^\\s{0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s.*)?$");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");

    @Test
    void everyRelativeLinkResolvesInsideTheRepository() throws IOException {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : pages()) {
            for (String target : links(page)) {
                checked++;
                String problem = problem(page, target);
                if (problem != null) {
                    broken.add(ROOT.relativize(page) + ": (" + target + ") " + problem);
                }
            }
        }
        assertTrue(checked > 10, "expected the README and docs to link to each other, found " + checked + " links");
        assertTrue(broken.isEmpty(), () -> String.join("\n", broken));
    }

    @Test
    void theCheckCatchesLinksOutOfTheRepositoryMissingFilesAndAnchors() throws IOException {
        Path readme = ROOT.resolve("README.md");
        assertEquals("leaves the repository", problem(readme, "../shared/API.md"));
        assertEquals("leaves the repository", problem(readme, "/../x.md"));
        assertEquals("no such file", problem(readme, "docs/nothing-here.md"));
        assertEquals("no heading for #no-such-heading", problem(readme, "docs/api.md#no-such-heading"));
        assertEquals("not a relative link", problem(readme, "file:///etc/passwd"));
        assertEquals(null, problem(readme, "docs/api.md#errors"));
        assertEquals(null, problem(readme, "https://example.org/x"));
        assertEquals(List.of("a.md", "b.md#c"), linksIn(List.of("see [a](a.md) and ![b](b.md#c \"t\")", "`[x](y)`")));
    }

    @Test
    void headingsBecomeGitHubAnchors() {
        assertEquals("model-and-training", slug("Model and training"));
        assertEquals("ratings-ingestion", slug("Ratings (ingestion)"));
        assertEquals("requests-latentlimits-latentsecurity-latentcors",
                slug("Requests: `latent.limits.*`, `latent.security.*`, `latent.cors.*`"));
    }

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        assertFalse(pages.size() < 2, "docs/*.md not found");
        return pages;
    }

    private static List<String> links(Path page) throws IOException {
        return linksIn(Files.readAllLines(page));
    }

    /** Link targets outside fenced code blocks and inline code spans. */
    static List<String> linksIn(List<String> lines) {
        List<String> out = new ArrayList<>();
        boolean fenced = false;
        for (String line : lines) {
            if (line.trim().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            String text = line.replaceAll("`[^`]*`", "");
            Matcher reference = REFERENCE.matcher(text);
            if (reference.matches()) {
                out.add(reference.group(1));
                continue;
            }
            Matcher m = INLINE.matcher(text);
            while (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    /** Why the link is broken, or null when it resolves. */
    private static String problem(Path page, String target) throws IOException {
        String lower = target.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("mailto:")) {
            return null;
        }
        if (lower.matches("^[a-z][a-z0-9+.-]*:.*")) {
            return "not a relative link";
        }
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path resolved = file.isEmpty() ? page
                : (file.startsWith("/") ? ROOT.resolve(file.substring(1)) : page.getParent().resolve(file)).normalize();
        if (!resolved.startsWith(ROOT)) {
            return "leaves the repository";
        }
        if (!Files.exists(resolved)) {
            return "no such file";
        }
        if (anchor != null && !anchor.isEmpty() && resolved.toString().endsWith(".md")
                && !anchors(resolved).contains(anchor)) {
            return "no heading for #" + anchor;
        }
        return null;
    }

    private static Set<String> anchors(Path page) throws IOException {
        Set<String> anchors = new HashSet<>();
        boolean fenced = false;
        for (String line : Files.readAllLines(page)) {
            if (line.trim().startsWith("```")) {
                fenced = !fenced;
            }
            Matcher m = HEADING.matcher(line);
            if (!fenced && m.matches()) {
                String base = slug(m.group(1));
                String anchor = base;
                for (int n = 1; !anchors.add(anchor); n++) {
                    anchor = base + "-" + n;
                }
            }
        }
        return anchors;
    }

    /** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
    static String slug(String heading) {
        return heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }
}
