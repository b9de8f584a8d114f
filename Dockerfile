# syntax=docker/dockerfile:1
# Build with the Maven wrapper, run on a JRE only, as a non-root user.
#   docker build -t latent .   then   docker run -p 8080:8080 -v latent-data:/app/data latent

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp dependency:go-offline
COPY src/ src/
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp package -DskipTests && cp target/latent.jar /latent.jar

FROM eclipse-temurin:17-jre
# curl only for the HEALTHCHECK
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
 && groupadd --system latent && useradd --system --gid latent --home-dir /app --shell /usr/sbin/nologin latent \
 && mkdir -p /app/data && chown -R latent:latent /app
WORKDIR /app
COPY --from=build --chown=latent:latent /latent.jar /app/latent.jar
USER latent
# H2 file (default profile) lives in the volume; on the postgres profile the directory stays empty.
ENV LATENT_DATA_DIR=/app/data \
    JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
VOLUME ["/app/data"]
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=90s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/actuator/health/liveness >/dev/null || exit 1
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/latent.jar \"$@\"", "--"]
