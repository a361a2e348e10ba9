package io.jkeepalived.daemon.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Our JSON writer and reader, held against Jackson as an independent judge of the syntax. */
class JsonWriterTest {
    private static final ObjectMapper JACKSON = new ObjectMapper();

    /** Every character that needs escaping, and the ones that merely must survive. */
    private static final String NASTY = "quote \" backslash \\ slash / nl \n cr \r tab \t bs \b ff \f nul \0"
            + " unit-sep \u001f del \u007f ls \u2028 ps \u2029 e-acute \u00e9 emoji \ud83d\ude00 lone \ud800 end";

    @Test
    void stringsNumbersBooleansAndNullSurviveAnIndependentParser() throws Exception {
        String json = new JsonWriter().beginObject()
                .field("text", NASTY)
                .field("max", Long.MAX_VALUE)
                .field("min", Long.MIN_VALUE)
                .field("zero", 0)
                .field("yes", true)
                .field("no", false)
                .field("nothing", (String) null)
                .name("empty_object").beginObject().endObject()
                .name("empty_array").beginArray().endArray()
                .name("list").beginArray().value(1).value("two").nullValue().beginObject().field("k", "v")
                .endObject().endArray()
                .endObject().toString();
        JsonNode n = JACKSON.readTree(json);
        // The lone surrogate cannot be UTF-8; it is written as \ud800, which parsers give back as that char.
        assertEquals(NASTY, n.get("text").asText());
        assertEquals(Long.MAX_VALUE, n.get("max").asLong());
        assertEquals(Long.MIN_VALUE, n.get("min").asLong());
        assertTrue(n.get("max").isIntegralNumber());
        assertEquals(0, n.get("zero").asLong());
        assertTrue(n.get("yes").booleanValue());
        assertTrue(n.get("nothing").isNull());
        assertEquals(0, n.get("empty_object").size());
        assertEquals(0, n.get("empty_array").size());
        assertEquals(4, n.get("list").size());
        assertEquals("v", n.get("list").get(3).get("k").asText());
        assertTrue(json.contains("\\u2028") && json.contains("\\u0000") && json.contains("\\u007f"), json);
        assertTrue(json.endsWith("}\n"));
    }

    @Test
    void ourReaderReadsWhatOurWriterWrites() {
        String json = new JsonWriter().beginObject().field("text", NASTY).field("n", -42)
                .name("a").beginArray().value(true).nullValue().endArray().endObject().toString();
        Map<?, ?> m = (Map<?, ?>) JsonReader.parse(json);
        assertEquals(NASTY, m.get("text"));
        assertEquals(-42L, m.get("n"));
        assertEquals(java.util.Arrays.asList(true, null), m.get("a"));
    }

    @Test
    void ourReaderReadsWhatJacksonWritesAndRefusesWhatIsNotJson() throws Exception {
        String json = JACKSON.writeValueAsString(Map.of("k", List.of(1.5, "x\u0001y", Map.of())));
        Map<?, ?> m = (Map<?, ?>) JsonReader.parse(json);
        assertEquals(List.of(1.5, "x\u0001y", Map.of()), m.get("k"));
        for (String bad : new String[] {"", "{", "{\"a\"}", "{\"a\":1,}", "[1 2]", "01", "\"\u0001\"", "nul",
                "{} {}", "\"\\x\"", "[".repeat(100) + "]".repeat(100)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonReader.parse(bad),
                    bad);
            assertTrue(e.getMessage().startsWith("invalid JSON at character "), e.getMessage());
        }
    }

    @Test
    void misuseIsRefusedRatherThanWrittenAsBrokenJson() {
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginObject().value("no name"));
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginObject().name("a").name("b"));
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginArray().endObject());
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginObject().toString());
        assertThrows(IllegalStateException.class, () -> new JsonWriter().value(1).value(2));
    }
}
