# The ringcache node: a JRE and the runnable jar, nothing else. Build the jar first
# (mvn -B -ntp -DskipTests package), then: docker compose build
#
# BASE_IMAGE is any JRE 17+ image with `java` on its PATH. The default is public; machines
# without a registry pass a locally built one: --build-arg BASE_IMAGE=ringcache-base:local
# (.ci/build-base-image.sh makes it). No RUN steps, so a base without a shell works.
ARG BASE_IMAGE=eclipse-temurin:17-jre
FROM ${BASE_IMAGE}

WORKDIR /app
COPY node/target/ringcache-node.jar /app/ringcache-node.jar

# Non-root; no home or shell needed. /tmp must be writable (the JVM's perf data).
USER 10001:10001

EXPOSE 7070 8080 5701

# Exec form: SIGTERM reaches the JVM, which drains, waits for cluster safety, hands its
# partitions off and exits 0. The heap follows the container's memory limit.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=70", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/ringcache-node.jar"]

# The probe is one HTTP/1.0 request from a small JVM (no shell in the image): about 0.1 s of CPU,
# so probing every 2 s costs little and a node reads healthy within ~2 s of turning ready. No
# --start-interval: the Docker Engine 20.10 that docker-compose 1.29 runs on here rejects it.
# The timeout leaves room for a JVM start on a loaded 2-core host.
HEALTHCHECK --interval=2s --timeout=10s --start-period=60s --retries=3 \
  CMD ["java", "-Xmx16m", "-Xss256k", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", \
       "-cp", "/app/ringcache-node.jar", "io.ringcache.node.HealthProbe", "/health/ready"]
