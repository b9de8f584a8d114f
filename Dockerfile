# syntax=docker/dockerfile:1
# Build with the Maven wrapper; run the layered jar on a JRE only, as a non-root user, without curl or wget.
#   docker build -t latent .
#   docker run -p 127.0.0.1:8080:8080 -e LATENT_SECURITY_APIKEY=... -v latent-data:/app/data latent

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp dependency:go-offline
COPY src/ src/
# The jar's layers (Spring Boot layer tools), least to most often changed: an image rebuilt after a code change
# reuses the ~70 MB dependencies layer and ships only the ~1 MB application layer.
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp package -Dmaven.test.skip=true \
 && java -Djarmode=tools -jar target/latent.jar extract --layers --launcher --destination /layers

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 latent \
 && useradd --system --no-log-init --uid 10001 --gid latent --home-dir /app --shell /usr/sbin/nologin latent \
 && mkdir -p /app/data && chown latent:latent /app/data
WORKDIR /app
# Owned by root, so the service cannot change its own code; only /app/data is writable by it.
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
USER latent:latent
# H2 (default profile) writes to /app/data: mount a volume there to keep it. The postgres profile writes nothing
# locally, so the image declares no VOLUME (which would leave an anonymous volume behind on every run).
ENV LATENT_DATA_DIR=/app/data \
    JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080
# dev.latent.cli.HealthProbe: the JDK's HTTP client on the liveness probe, no Spring on its class path.
HEALTHCHECK --interval=15s --timeout=10s --start-period=120s --retries=3 \
  CMD ["java", "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx16m", "-cp", "/app/BOOT-INF/classes", "dev.latent.cli.HealthProbe"]
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS org.springframework.boot.loader.launch.JarLauncher \"$@\"", "--"]
