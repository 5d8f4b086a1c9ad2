package io.choreo.system;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The machine's own RabbitMQ and PostgreSQL, restarted for real with their own commands (needs root). */
final class Machine {

    private Machine() {}

    /** Stops the RabbitMQ application: every connection drops; durable queues stay on disk. */
    static void stopRabbitMq() throws Exception {
        run("rabbitmqctl", "stop_app");
    }

    static void startRabbitMq() throws Exception {
        run("rabbitmqctl", "start_app");
        run("rabbitmqctl", "await_startup");
    }

    /** Stops the PostgreSQL cluster (fast mode: open connections are cut). */
    static void stopPostgres() throws Exception {
        pgctl("stop -m fast");
    }

    static void startPostgres() throws Exception {
        pgctl("start");
    }

    private static void pgctl(String action) throws Exception {
        run(
                "bash",
                "-c",
                "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql | sort -V | tail -1) main " + action);
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }
}
