import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks that every relative link and {@code #anchor} in README.md and docs/*.md resolves, with
 * anchors as GitHub derives them from headings. Needs only a JDK:
 * {@code java .ci/CheckDocLinks.java [ROOT [PATH...]]}, where ROOT defaults to the current
 * directory and each PATH (relative to ROOT) may be linked to before it exists. Prints each
 * broken link and exits with status 1 when there is one.
 */
public class CheckDocLinks {

    private static final Pattern FENCE = Pattern.compile("(?s)```.*?```");
    private static final Pattern CODE_SPAN = Pattern.compile("`[^`\n]*`");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Set<Path> mayBeMissing = new HashSet<>();
        for (int i = 1; i < args.length; i++) {
            mayBeMissing.add(root.resolve(args[i]).normalize());
        }
        List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        int broken = 0;
        for (Path page : pages) {
            String text = CODE_SPAN.matcher(FENCE.matcher(Files.readString(page)).replaceAll("")).replaceAll("");
            Matcher link = LINK.matcher(text);
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("^[a-z]+:.*")) {
                    continue;
                }
                int hash = target.indexOf('#');
                String path = hash < 0 ? target : target.substring(0, hash);
                Path dest = path.isEmpty() ? page : page.getParent().resolve(path).normalize();
                String problem = null;
                if (!Files.exists(dest)) {
                    problem = mayBeMissing.contains(dest) ? null : "missing";
                } else if (hash >= 0 && !(dest.toString().endsWith(".md")
                        && anchors(dest).contains(target.substring(hash + 1)))) {
                    problem = "no such anchor";
                }
                if (problem != null) {
                    System.out.println(root.relativize(page) + ": " + problem + ": " + target);
                    broken++;
                }
            }
        }
        System.out.println(pages.size() + " pages checked, " + broken + " broken links");
        System.exit(broken == 0 ? 0 : 1);
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces as '-', repeats numbered. */
    private static Set<String> anchors(Path page) throws IOException {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean inFence = false;
        for (String line : Files.readAllLines(page)) {
            if (line.startsWith("```")) {
                inFence = !inFence;
                continue;
            }
            Matcher heading = HEADING.matcher(line);
            if (inFence || !heading.matches()) {
                continue;
            }
            String text = heading.group(1).replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
            String slug = text.toLowerCase().replaceAll("[^\\p{L}\\p{N}_\\- ]", "").replace(' ', '-');
            int n = seen.merge(slug, 1, Integer::sum) - 1;
            anchors.add(n == 0 ? slug : slug + "-" + n);
        }
        return anchors;
    }
}
