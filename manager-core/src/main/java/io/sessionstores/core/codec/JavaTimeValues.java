package io.sessionstores.core.codec;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * {@code java.time} values in the json codec, each written as its ISO-8601 text in full
 * (nanoseconds, offset, zone region) so that it reads back equal: Jackson's JSR-310 module with
 * the text shape for every type (a number would lose the zone and, for some types, precision),
 * the zone kept on {@code ZonedDateTime} and the offset not moved to UTC when read. Only these
 * types change: {@code java.util.Date} keeps its own form.
 */
final class JavaTimeValues {

    /** Every java.time value class the codec writes, as text. */
    static final List<Class<?>> TYPES = List.of(Duration.class, Instant.class, LocalDate.class, LocalDateTime.class,
            LocalTime.class, MonthDay.class, OffsetDateTime.class, OffsetTime.class, Period.class, Year.class,
            YearMonth.class, ZoneId.class, ZoneOffset.class, ZonedDateTime.class);

    private JavaTimeValues() {
    }

    /** The JSR-310 module, plus a reader for {@code ZoneRegion}, the class a type id names for a region. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Module module() {
        JavaTimeModule module = new JavaTimeModule();
        Class zoneRegion = ZoneId.of("Europe/Paris").getClass();
        module.addDeserializer(zoneRegion, (JsonDeserializer) new ZoneRegionDeserializer());
        return module;
    }

    /** Text shape for every type, zone ids kept, offsets not adjusted on read. */
    static void configure(ObjectMapper mapper) {
        for (Class<?> type : TYPES) {
            mapper.configOverride(type).setFormat(JsonFormat.Value.forShape(JsonFormat.Shape.STRING));
        }
        mapper.enable(SerializationFeature.WRITE_DATES_WITH_ZONE_ID)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
    }

    /** {@code ZoneId.of} for a value whose type id names {@code java.time.ZoneRegion}. */
    private static final class ZoneRegionDeserializer extends
            com.fasterxml.jackson.databind.deser.std.FromStringDeserializer<ZoneId> {
        private static final long serialVersionUID = 1L;

        ZoneRegionDeserializer() {
            super(ZoneId.class);
        }

        @Override
        protected ZoneId _deserialize(String value, com.fasterxml.jackson.databind.DeserializationContext context) {
            return ZoneId.of(value);
        }
    }
}
