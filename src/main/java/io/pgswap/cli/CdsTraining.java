package io.pgswap.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The class-data-sharing training run (the launcher's {@code PGSWAP_CDS=dump}) archives the classes its
 * JVM loaded. One command's run loads a fraction of what other commands need (the JDBC driver's query
 * path, the catalog readers, the swap engine), so the training run also loads, without initializing,
 * every class in pgswap's jar: every command then starts from the archive. Left out: the Prometheus
 * exposition's own classes (a third of the jar, with their shaded protobuf; only {@code --metrics-port}
 * and {@code --metrics-file} load them) and compile-time annotations.
 */
final class CdsTraining {
    static final String PROPERTY = "pgswap.cds.training";

    private CdsTraining() {}

    static boolean requested() {
        return Boolean.getBoolean(PROPERTY);
    }

    /** Loads each class of the jar this class came from; one that does not load (an optional dependency is absent) is skipped. */
    static int loadJarClasses() throws IOException, URISyntaxException {
        Path jar = Path.of(CdsTraining.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (!java.nio.file.Files.isRegularFile(jar)) {
            return 0; // run from a class directory (a build, an IDE): there is no archive to make
        }
        ClassLoader loader = CdsTraining.class.getClassLoader();
        int loaded = 0;
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry e : (Iterable<JarEntry>) file.stream()::iterator) {
                String name = e.getName();
                if (!name.endsWith(".class") || name.startsWith("META-INF/") || name.endsWith("module-info.class")
                        || name.startsWith("io/prometheus/") || name.startsWith("org/checkerframework/")) {
                    continue;
                }
                try {
                    Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), false, loader);
                    loaded++;
                } catch (Throwable skipped) { // LinkageError, ClassNotFoundException: not needed by pgswap
                }
            }
        }
        return loaded;
    }
}
