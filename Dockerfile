# syntax=docker/dockerfile:1
# Build: docker build -t strata .
# Run:   docker run -p 8080:8080 -v strata-data:/data strata
# More (settings, the secrets key, upgrades): docs/running.md
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY src src
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp package -DskipTests && cp target/strata-*.jar /strata.jar
# Spring Boot's layers (BOOT-INF/layers.idx): libraries change rarely, Strata's own classes with every build,
# so each gets an image layer of its own and a new version ships only the last one. An empty layer is still
# a directory, so that each COPY below has its source.
RUN java -Djarmode=tools -jar /strata.jar extract --layers --launcher --destination /extracted \
    && mkdir -p /extracted/dependencies /extracted/spring-boot-loader /extracted/snapshot-dependencies /extracted/application

FROM eclipse-temurin:25-jre
RUN groupadd --system strata && useradd --system --gid strata --home-dir /data --no-create-home strata \
    && mkdir -p /data && chown strata:strata /data \
    && apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
# the launcher finds the classes and libraries relative to the working directory
WORKDIR /opt/strata
COPY --from=build /extracted/dependencies/ ./
COPY --from=build /extracted/spring-boot-loader/ ./
COPY --from=build /extracted/snapshot-dependencies/ ./
COPY --from=build /extracted/application/ ./
USER strata
ENV STRATA_DATA_DIR=/data SERVER_PORT=8080
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS http://localhost:8080/actuator/health/liveness || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "org.springframework.boot.loader.launch.JarLauncher"]
