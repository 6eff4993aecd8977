package dev.minidocker.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

/**
 * The one Jackson mapper of mini-docker. A mapper is thread-safe and caches a serializer and a
 * deserializer per type, so one shared instance builds each once per JVM; seventeen private
 * mappers in four configurations built them up to seventeen times.
 *
 * <p>Reading is lenient: unknown fields are ignored (registries, clients and older or newer
 * records send more than we read). Writing is compact; {@link #PRETTY} indents, for the files
 * people read (records, the image database, network configs) and for the CLI's JSON output.
 *
 * <p>Not for the start-up paths that must not load Jackson at all (stage 2, the lean client of
 * {@code run}): those use {@link JsonValues} and {@link JsonWriter}. The fields are initialised
 * on first use, so loading this class costs nothing until a mapper is really needed.
 */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Jackson's default pretty printer (two spaces), as the store's files have always been written. */
    public static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();

    private Json() {}
}
