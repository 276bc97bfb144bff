package io.pgswap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "plain           | `\"plain\"`",
        "`say \"hi\"`    | `\"say \\\"hi\\\"\"`",
        "`C:\\dir`       | `\"C:\\\\dir\"`",
        "``              | `\"\"`",
        "日本 é          | `\"日本 é\"`",
        "</script>       | `\"</script>\"`",
    })
    void escapesStrings(String value, String expected) {
        assertThat(Json.write(value)).isEqualTo(expected);
    }

    @Test
    void escapesControlCharacters() {
        assertThat(Json.write("a\nb\rc\td")).isEqualTo("\"a\\nb\\rc\\td\"");
        assertThat(Json.write("\0\u0001\b\f\u001f")).isEqualTo("\"\\u0000\\u0001\\u0008\\u000c\\u001f\"");
        assertThat(Json.write("\u007f")).isEqualTo("\"\u007f\"");
    }

    @Test
    void scalars() {
        assertThat(Json.write(null)).isEqualTo("null");
        assertThat(Json.write(42)).isEqualTo("42");
        assertThat(Json.write(-7L)).isEqualTo("-7");
        assertThat(Json.write(1.5)).isEqualTo("1.5");
        assertThat(Json.write(true)).isEqualTo("true");
        assertThat(Json.write(false)).isEqualTo("false");
    }

    @Test
    void otherObjectsAreWrittenAsTheirStringForm() {
        assertThat(Json.write(java.time.Duration.ofSeconds(5))).isEqualTo("\"PT5S\"");
        assertThat(Json.write(new StringBuilder("a\"b"))).isEqualTo("\"a\\\"b\"");
    }

    @Test
    void emptyContainers() {
        assertThat(Json.write(Map.of())).isEqualTo("{}");
        assertThat(Json.write(List.of())).isEqualTo("[]");
    }

    @Test
    void nestedMapsAndListsKeepOrderAndIndent() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("outcome", "refused");
        doc.put("exit_code", 3);
        doc.put("message", null);
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("k\"ey", Arrays.asList("a", null, List.of()));
        inner.put("empty", Map.of());
        doc.put("inner", inner);
        doc.put("list", List.of(Map.of("x", 1), List.of(true)));

        assertThat(Json.write(doc)).isEqualTo("""
                {
                  "outcome": "refused",
                  "exit_code": 3,
                  "message": null,
                  "inner": {
                    "k\\"ey": [
                      "a",
                      null,
                      []
                    ],
                    "empty": {}
                  },
                  "list": [
                    {
                      "x": 1
                    },
                    [
                      true
                    ]
                  ]
                }""");
    }

    @Test
    void nullMapKeyIsWrittenAsAString() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(null, 1);
        assertThat(Json.write(m)).isEqualTo("{\n  \"null\": 1\n}");
    }

    @Test
    void setsAreArraysToo() {
        assertThat(Json.write(new ArrayList<>(List.of(1, 2)))).isEqualTo("[\n  1,\n  2\n]");
        assertThat(Json.write(java.util.Set.of("only"))).isEqualTo("[\n  \"only\"\n]");
    }
}
