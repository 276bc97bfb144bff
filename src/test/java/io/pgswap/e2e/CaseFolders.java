package io.pgswap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Scenario tests as data: every folder under {@code src/test/resources/<root>} is one case, run on
 * each of the given PostgreSQL majors. Cases are independent (own database, own role names), so
 * they run a few at a time on a small pool ({@code -Dpgswap.test.caseThreads}, default 3); the
 * first JUnit invocation submits them all, and each invocation waits for and reports its own.
 * {@code -Dpgswap.test.cases=REGEX} runs only the matching folders. Registered as a JUnit extension
 * ({@code @RegisterExtension}), it checks that the launcher is there before the cases and stops
 * the pool after them.
 */
final class CaseFolders implements BeforeAllCallback, AfterAllCallback {
    /** Runs one case; the folder's files are read through {@link CaseFolders#read} and friends. */
    interface Body {
        void run(int major, String name) throws Exception;
    }

    private static final int THREADS = Integer.getInteger("pgswap.test.caseThreads", 3);
    /** {@code -Dpgswap.test.cases=REGEX}: only the folders whose whole name matches, e.g. {@code 0.-view.*}. */
    private static final String ONLY = System.getProperty("pgswap.test.cases", ".*");

    private final String root;
    private final List<Integer> majors;
    private final Body body;
    private final Map<String, Future<?>> runs = new ConcurrentHashMap<>();
    private ExecutorService pool;

    CaseFolders(String root, List<Integer> majors, Body body) {
        this.root = root;
        this.majors = List.copyOf(majors);
        this.body = body;
    }

    /** (major, folder name) for every case, majors outermost. */
    Stream<Arguments> arguments() {
        List<String> names;
        try (Stream<Path> dirs = Files.list(dir())) {
            names = dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> n.matches(ONLY)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(names).as("case folders in %s", dir()).isNotEmpty();
        List<Arguments> out = new ArrayList<>();
        for (int major : majors) {
            for (String name : names) {
                if (runsOn(name, major)) {
                    out.add(Arguments.of(major, name));
                }
            }
        }
        return out.stream();
    }

    /**
     * A folder's optional {@code majors} file limits its case to some majors: one line of majors and
     * ranges ("18", "14-17", "14,16-18"); on the others the case is not run at all.
     */
    private boolean runsOn(String name, int major) {
        String only;
        try {
            only = optional(name, "majors");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (only == null) {
            return true;
        }
        for (String part : only.strip().split("\\s*,\\s*")) {
            String[] range = part.split("-");
            int low = Integer.parseInt(range[0].strip());
            int high = range.length > 1 ? Integer.parseInt(range[1].strip()) : low;
            if (major >= low && major <= high) {
                return true;
            }
        }
        return false;
    }

    /** Starts every case on the first call, then waits for this one and rethrows what it threw. */
    void await(int major, String name) throws Exception {
        startAll();
        try {
            runs.get(major + "/" + name).get(10, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    private synchronized void startAll() {
        if (pool != null) {
            return;
        }
        pool = Executors.newFixedThreadPool(Math.max(1, THREADS), r -> {
            Thread t = new Thread(r, root);
            t.setDaemon(true);
            return t;
        });
        arguments().forEach(a -> {
            int major = (Integer) a.get()[0];
            String name = (String) a.get()[1];
            runs.put(major + "/" + name, pool.submit(() -> {
                body.run(major, name);
                return null;
            }));
        });
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Launcher.assertPresent();
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (pool != null) {
            pool.shutdownNow();
            pool = null;
        }
        runs.clear();
    }

    /** The source folder when run from the repository root (a case removed there is gone), else the classpath copy. */
    Path dir() {
        Path source = Path.of("src/test/resources", root);
        if (Files.isDirectory(source)) {
            return source;
        }
        URL url = CaseFolders.class.getResource("/" + root);
        try {
            if (url != null && "file".equals(url.getProtocol())) {
                return Path.of(url.toURI());
            }
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("no " + root + " folder in src/test/resources or on the classpath");
    }

    String read(String name, String file) throws IOException {
        return Files.readString(dir().resolve(name).resolve(file), StandardCharsets.UTF_8);
    }

    /** The file's text, or null when the case has no such file. */
    String optional(String name, String file) throws IOException {
        Path p = dir().resolve(name).resolve(file);
        return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : null;
    }

    List<String> lines(String name, String file) throws IOException {
        return Files.readAllLines(dir().resolve(name).resolve(file), StandardCharsets.UTF_8);
    }

    /** The {@code key: value} lines of a file such as {@code expect}, in order; blank and {@code #} lines skipped. */
    List<Map.Entry<String, String>> keyValues(String name, String file) throws IOException {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (String line : lines(name, file)) {
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException(name + "/" + file + ": not 'key: value': " + line);
            }
            out.add(Map.entry(line.substring(0, colon).strip(), line.substring(colon + 1).strip()));
        }
        return out;
    }
}
