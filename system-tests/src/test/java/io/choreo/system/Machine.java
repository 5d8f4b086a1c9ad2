package io.choreo.system;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The machine's own RabbitMQ and PostgreSQL, restarted for real with their own commands (needs root). */
final class Machine {

    private Machine() {
    }

    /** Restarts the RabbitMQ application: every connection drops, durable queues come back from disk. */
    static void restartRabbitMq() throws Exception {
        run("rabbitmqctl", "stop_app");
        Thread.sleep(2000);
        run("rabbitmqctl", "start_app");
        run("rabbitmqctl", "await_startup");
    }

    /** Restarts the PostgreSQL cluster (fast mode: open connections are cut). */
    static void restartPostgres() throws Exception {
        run("bash", "-c", "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql | sort -V | tail -1) main restart -m fast");
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }
}
