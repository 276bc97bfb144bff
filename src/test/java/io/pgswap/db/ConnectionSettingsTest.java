package io.pgswap.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectionSettingsTest {
    private static final ConnectionSettings.Explicit NONE = ConnectionSettings.Explicit.NONE;

    private static final Map<String, String> ENV = Map.of(
            "PGHOST", "envhost",
            "PGPORT", "6543",
            "PGDATABASE", "envdb",
            "PGUSER", "envuser",
            "PGPASSWORD", "envsecret",
            "PGSSLMODE", "disable");

    private static ConnectionSettings url(String url) {
        return ConnectionSettings.resolve(new ConnectionSettings.Explicit(url, null, null, null, null), Map.of());
    }

    private static String password(ConnectionSettings s) {
        return s.driverProperties().getProperty("password");
    }

    private static PgSwapException usage(Runnable r) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(r::run);
        assertThat(t).isInstanceOf(PgSwapException.class);
        PgSwapException e = (PgSwapException) t;
        assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
        return e;
    }

    // ---- precedence: explicit > URL > environment > defaults

    @Test
    void defaultsWithoutAnything() {
        ConnectionSettings s = ConnectionSettings.resolve(
                new ConnectionSettings.Explicit(null, null, null, null, "alice"), Map.of());
        assertThat(s.host()).isEqualTo("localhost");
        assertThat(s.port()).isEqualTo(5432);
        assertThat(s.user()).isEqualTo("alice");
        assertThat(s.database()).as("database defaults to the user name").isEqualTo("alice");
        assertThat(s.driverProperties().getProperty("sslmode")).isEqualTo("prefer");
    }

    @Test
    void pgoptionsAndTheUrlsOptionsReachTheSessionBeforePgswapsOwn() {
        ConnectionSettings env = ConnectionSettings.resolve(NONE, Map.of("PGOPTIONS", "-c search_path=sales,public"));
        assertThat(env.options()).isEqualTo("-c search_path=sales,public");
        ConnectionSettings url = ConnectionSettings.resolve(new ConnectionSettings.Explicit(
                "postgresql://h/db?options=-c%20search_path%3Dsales", null, null, null, null),
                Map.of("PGOPTIONS", "-c search_path=other"));
        assertThat(url.options()).isEqualTo("-c search_path=sales");
        assertThat(url.driverProperties().getProperty("options")).as("set by Db.open, not passed as-is").isNull();
        assertThat(ConnectionSettings.resolve(NONE, Map.of()).options()).isNull();
    }

    @Test
    void userDefaultsToTheOsUser() {
        ConnectionSettings s = ConnectionSettings.resolve(NONE, Map.of());
        assertThat(s.user()).isEqualTo(System.getProperty("user.name"));
        assertThat(s.database()).isEqualTo(System.getProperty("user.name"));
    }

    @Test
    void environmentOverridesDefaults() {
        ConnectionSettings s = ConnectionSettings.resolve(NONE, ENV);
        assertThat(s.host()).isEqualTo("envhost");
        assertThat(s.port()).isEqualTo(6543);
        assertThat(s.database()).isEqualTo("envdb");
        assertThat(s.user()).isEqualTo("envuser");
        assertThat(password(s)).isEqualTo("envsecret");
        assertThat(s.driverProperties().getProperty("sslmode")).isEqualTo("disable");
    }

    @Test
    void urlOverridesEnvironment() {
        ConnectionSettings s = ConnectionSettings.resolve(new ConnectionSettings.Explicit(
                "postgresql://urluser:urlsecret@urlhost:7654/urldb?sslmode=require", null, null, null, null), ENV);
        assertThat(s.host()).isEqualTo("urlhost");
        assertThat(s.port()).isEqualTo(7654);
        assertThat(s.database()).isEqualTo("urldb");
        assertThat(s.user()).isEqualTo("urluser");
        assertThat(password(s)).isEqualTo("urlsecret");
        assertThat(s.driverProperties().getProperty("sslmode")).isEqualTo("require");
    }

    @Test
    void partialUrlFallsBackToEnvironmentForTheRest() {
        ConnectionSettings s = ConnectionSettings.resolve(new ConnectionSettings.Explicit(
                "postgresql://urlhost/urldb", null, null, null, null), ENV);
        assertThat(s.host()).isEqualTo("urlhost");
        assertThat(s.database()).isEqualTo("urldb");
        assertThat(s.port()).isEqualTo(6543);
        assertThat(s.user()).isEqualTo("envuser");
        assertThat(password(s)).isEqualTo("envsecret");
    }

    @Test
    void explicitOptionsOverrideUrlAndEnvironment() {
        ConnectionSettings s = ConnectionSettings.resolve(new ConnectionSettings.Explicit(
                "postgresql://urluser:urlsecret@urlhost:7654/urldb", "clihost", 9999, "clidb", "cliuser"), ENV);
        assertThat(s.host()).isEqualTo("clihost");
        assertThat(s.port()).isEqualTo(9999);
        assertThat(s.database()).isEqualTo("clidb");
        assertThat(s.user()).isEqualTo("cliuser");
        assertThat(password(s)).as("there is no --password: the URL's password stays").isEqualTo("urlsecret");
    }

    @Test
    void emptyEnvironmentValuesCountAsUnset() {
        ConnectionSettings s = ConnectionSettings.resolve(NONE, Map.of("PGHOST", "", "PGPORT", "", "PGUSER", "bob"));
        assertThat(s.host()).isEqualTo("localhost");
        assertThat(s.port()).isEqualTo(5432);
    }

    @Test
    void unknownServiceIsAUsageError() {
        PgSwapException e = usage(() -> ConnectionSettings.resolve(NONE,
                Map.of("PGSERVICE", "pgswap_no_such_service_" + System.nanoTime())));
        assertThat(e).hasMessageContaining("not found");
    }

    // ---- URL forms

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "postgresql://bob:pw@db.example.com:5433/shop?sslmode=require",
        "postgres://bob:pw@db.example.com:5433/shop?sslmode=require",
        "jdbc:postgresql://bob:pw@db.example.com:5433/shop?sslmode=require",
        "jdbc:postgresql://db.example.com:5433/shop?user=bob&password=pw&sslmode=require",
        "  postgresql://bob:pw@db.example.com:5433/shop?sslmode=require  ",
    })
    void acceptsUrlForms(String text) {
        ConnectionSettings s = url(text);
        assertThat(s.host()).isEqualTo("db.example.com");
        assertThat(s.port()).isEqualTo(5433);
        assertThat(s.user()).isEqualTo("bob");
        assertThat(s.database()).isEqualTo("shop");
        assertThat(password(s)).isEqualTo("pw");
        assertThat(s.driverProperties().getProperty("sslmode")).isEqualTo("require");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "postgresql://bob:p%40ss%3Aw%2Frd@h/db | p@ss:w/rd",
        "postgresql://bob:a+b@h/db             | a+b",
        "postgresql://bob:%C3%A9t%C3%A9@h/db   | été",
        "postgresql://bob:pct%25@h/db          | pct%",
        "postgresql://bob@h/db?password=x%26y  | x&y",
    })
    void decodesPercentEncodedPasswords(String text, String expected) {
        assertThat(password(url(text))).isEqualTo(expected);
    }

    @Test
    void decodesUserAndDatabase() {
        ConnectionSettings s = url("postgresql://us%40er@h/my%20db");
        assertThat(s.user()).isEqualTo("us@er");
        assertThat(s.database()).isEqualTo("my db");
        assertThat(s.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/my%20db");
    }

    @Test
    void ipv6Host() {
        ConnectionSettings s = url("postgresql://bob:pw@[::1]:5433/db");
        assertThat(s.host()).isEqualTo("::1");
        assertThat(s.port()).isEqualTo(5433);
        assertThat(s.jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5433/db");
    }

    @Test
    void unknownQueryParametersBecomeDriverProperties() {
        Properties p = url("postgresql://bob@h/db?connectTimeout=3&sslrootcert=/tmp/ca.pem").driverProperties();
        assertThat(p.getProperty("connectTimeout")).isEqualTo("3");
        assertThat(p.getProperty("sslrootcert")).isEqualTo("/tmp/ca.pem");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mysql://u@h/db", "http://u:pw@h/db", "h:5432/db", "postgresql:db"})
    void rejectsOtherSchemes(String text) {
        assertThat(usage(() -> url(text))).hasMessageContaining("postgresql://");
    }

    @Test
    void rejectsAMalformedUrlWithoutShowingThePassword() {
        PgSwapException e = usage(() -> url("postgresql://bob:s3cret@h/db with spaces"));
        assertThat(e).hasMessageContaining("not a valid URL").hasMessageNotContaining("s3cret");
    }

    @Test
    void wrongSchemeMessageDoesNotShowThePassword() {
        assertThat(usage(() -> url("mysql://bob:s3cret@h/db"))).hasMessageNotContaining("s3cret");
    }

    // ---- host and port validation

    @ParameterizedTest(name = "PGHOST={0}")
    @ValueSource(strings = {"/var/run/postgresql", "/tmp", "@abstract"})
    void unixSocketHostIsAUsageError(String host) {
        assertThat(usage(() -> ConnectionSettings.resolve(NONE, Map.of("PGHOST", host))))
                .hasMessageContaining("Unix socket").hasMessageContaining(host);
    }

    @Test
    void unixSocketHostInUrlQueryIsAUsageError() {
        usage(() -> url("postgresql:///db?host=/var/run/postgresql"));
    }

    @ParameterizedTest(name = "PGPORT={0}")
    @ValueSource(strings = {"abc", "5432x", "0", "-1", "65536", "99999999999"})
    void badPortIsAUsageError(String port) {
        assertThat(usage(() -> ConnectionSettings.resolve(NONE, Map.of("PGPORT", port)))).hasMessageContaining("port");
    }

    @Test
    void badExplicitPortIsAUsageError() {
        usage(() -> ConnectionSettings.resolve(new ConnectionSettings.Explicit(null, null, 0, null, null), Map.of()));
        usage(() -> ConnectionSettings.resolve(new ConnectionSettings.Explicit(null, null, 70000, null, null), Map.of()));
    }

    @Test
    void outOfRangeUrlPortIsAUsageError() {
        usage(() -> url("postgresql://u@h:99999/db"));
    }

    @Test
    void nonNumericUrlPortIsAUsageErrorNotIgnored() {
        usage(() -> url("postgresql://u@db.example.com:abc/db"));
    }

    @Test
    void hostWithUnderscoreIsKept() {
        ConnectionSettings s = url("postgresql://u@db_1:5433/db");
        assertThat(s.host()).isEqualTo("db_1");
        assertThat(s.port()).isEqualTo(5433);
        assertThat(s.user()).isEqualTo("u");
    }

    @Test
    void unencodedSlashInPasswordIsAUsageErrorAndDoesNotLeak() {
        assertThat(usage(() -> url("postgresql://u:pa/ss@h/db"))).hasMessageNotContaining("pa/ss");
    }

    @Test
    void percentEncodedSocketHostInUrlIsAUsageError() {
        usage(() -> url("postgresql://%2Fvar%2Frun%2Fpostgresql/db"));
    }

    // ---- the password never shows

    @Test
    void describeAndToStringNeverContainThePassword() {
        ConnectionSettings s = url("postgresql://bob:s3cretPW@db.example.com:5433/shop");
        assertThat(s.describe()).isEqualTo("bob@db.example.com:5433/shop").doesNotContain("s3cretPW");
        assertThat(s.toString()).isEqualTo(s.describe());
        ConnectionSettings e = ConnectionSettings.resolve(NONE, ENV);
        assertThat(e.describe()).doesNotContain("envsecret");
        assertThat(e.toString()).doesNotContain("envsecret");
    }

    @Test
    void jdbcUrlContainsNoUserOrPassword() {
        ConnectionSettings s = url("jdbc:postgresql://db.example.com:5433/shop?user=bob&password=s3cretPW");
        assertThat(s.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:5433/shop")
                .doesNotContain("s3cretPW").doesNotContain("bob");
        assertThat(url("postgresql://bob:s3cretPW@h/db").jdbcUrl()).doesNotContain("s3cretPW");
    }

    @Test
    void driverPropertiesCarryUserPasswordAndApplicationName() {
        Properties p = url("postgresql://bob:s3cretPW@h/db").driverProperties();
        assertThat(p.getProperty("user")).isEqualTo("bob");
        assertThat(p.getProperty("password")).isEqualTo("s3cretPW");
        assertThat(p.getProperty("ApplicationName")).isEqualTo("pgswap");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "postgresql://bob:s3cret@h:5432/db                  | postgresql://bob:***@h:5432/db",
        "jdbc:postgresql://bob:s3cret@h/db?sslmode=require  | jdbc:postgresql://bob:***@h/db?sslmode=require",
        "postgresql://h/db?user=bob&password=s3cret         | postgresql://h/db?user=bob&password=***",
        "postgresql://h/db?password=s3cret&sslmode=require  | postgresql://h/db?password=***&sslmode=require",
        "postgresql://h/db?PASSWORD=s3cret                  | postgresql://h/db?PASSWORD=***",
        "postgresql://bob:s3cret@[::1]:5432/db              | postgresql://bob:***@[::1]:5432/db",
        "postgresql://bob:s3cret@h/db?password=s3cret       | postgresql://bob:***@h/db?password=***",
        "postgresql://bob@h:5432/db                         | postgresql://bob@h:5432/db",
        "postgresql://[::1]:5432/db                         | postgresql://[::1]:5432/db",
    })
    void redactHidesPasswords(String url, String expected) {
        assertThat(ConnectionSettings.redact(url)).isEqualTo(expected).doesNotContain("s3cret");
    }

    @Test
    void redactNull() {
        assertThat(ConnectionSettings.redact(null)).isNull();
    }

    @Test
    void aPasswordFileOthersCanReadIsNotUsed_asLibpqIgnoresIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("pgpass"), "*:*:*:*:secret\n");
        java.nio.file.Files.setPosixFilePermissions(file,
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertThat(ConnectionSettings.passwordFileUsable(Map.of("PGPASSFILE", file.toString()))).isTrue();
        java.nio.file.Files.setPosixFilePermissions(file,
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(ConnectionSettings.passwordFileUsable(Map.of("PGPASSFILE", file.toString()))).isFalse();
        assertThat(ConnectionSettings.passwordFileUsable(Map.of("PGPASSFILE", dir.resolve("none").toString())))
                .as("a missing file: nothing to read, the driver finds nothing").isTrue();
    }

    @Test
    void anUnknownSslmodeIsAUsageError_notAConnectionFailure() {
        assertThatThrownBy(() -> ConnectionSettings.resolve(new ConnectionSettings.Explicit(null, "h", 5432, "d", "u"),
                Map.of("PGSSLMODE", "bogus"))).isInstanceOfSatisfying(PgSwapException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
                    assertThat(e.getMessage()).contains("sslmode 'bogus' is not one of");
                });
    }
}
