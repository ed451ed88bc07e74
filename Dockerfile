# syntax=docker/dockerfile:1
# Build: docker build -t strata .
# Run:   docker run -p 8080:8080 -v strata-data:/data strata
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY src src
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp package -DskipTests && cp target/strata-*.jar /strata.jar

FROM eclipse-temurin:25-jre
RUN groupadd --system strata && useradd --system --gid strata --home-dir /data --no-create-home strata \
    && mkdir -p /data && chown strata:strata /data \
    && apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
COPY --from=build /strata.jar /opt/strata/strata.jar
USER strata
ENV STRATA_DATA_DIR=/data SERVER_PORT=8080
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS http://localhost:8080/actuator/health/liveness || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/strata/strata.jar"]
