package io.sessionstores.benchmarks;

import java.util.ArrayList;
import java.util.List;

import io.sessionstores.benchmarks.expiry.ExpiryFigures;
import io.sessionstores.benchmarks.expiry.JdbcExpiryFigures;
import io.sessionstores.benchmarks.expiry.RedisExpiryFigures;
import io.sessionstores.benchmarks.expiry.TomcatStoreExpiryFigures;

/**
 * Raw expiry at scale: how long the expiry valve's pass takes to delete 1,000,000
 * expired sessions and how long its slowest single statement or call takes, on PostgreSQL (the
 * previous statement beside today's), MariaDB and Redis hash mode; and Tomcat's own
 * {@code PersistentManager} + {@code DataSourceStore} expiry on 100,000 PostgreSQL rows for
 * comparison. Prints one table. Run alone (other tests share the databases):
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * flock /tmp/sessionstores-it.lock java -cp benchmarks/target/benchmarks.jar:$TOMCAT_EMBED_CORE_JAR \
 *     io.sessionstores.benchmarks.ExpiryBenchmark [rows] [tomcatRows] [parts]
 * </pre>
 *
 * Defaults: 1,000,000 rows, 100,000 rows for Tomcat's store, parts {@code pg-old,pg,mariadb,redis,tomcat}.
 * Databases from {@code SESSIONSTORES_PG_URL} / {@code SESSIONSTORES_MARIADB_URL} (the loopback
 * servers by default); Redis is a private {@code redis-server} on port 7273.
 */
public final class ExpiryBenchmark {

    private ExpiryBenchmark() {
    }

    /**
     * Runs the parts and prints the table.
     *
     * @param args rows, Tomcat's rows, comma-separated parts (all optional)
     * @throws Exception when a database or redis-server fails
     */
    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int tomcatRows = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        List<String> parts = List.of((args.length > 2 ? args[2] : "pg-old,pg,mariadb,redis,tomcat").split(","));
        List<ExpiryFigures> results = new ArrayList<>();
        for (String part : parts) {
            ExpiryFigures figures = switch (part) {
                case "pg-old" -> JdbcExpiryFigures.postgresPreviousStatement(rows);
                case "pg" -> JdbcExpiryFigures.postgres(rows);
                case "mariadb" -> JdbcExpiryFigures.mariaDb(rows);
                case "redis" -> RedisExpiryFigures.hashMode(rows);
                case "tomcat" -> TomcatStoreExpiryFigures.postgres(tomcatRows);
                default -> throw new IllegalArgumentException("unknown part " + part
                        + "; allowed: pg-old, pg, mariadb, redis, tomcat");
            };
            System.out.println("done: " + figures.row()); // progress; the table follows at the end
            results.add(figures);
        }
        System.out.println();
        System.out.println(ExpiryFigures.HEADER);
        results.forEach(r -> System.out.println(r.row()));
    }
}
