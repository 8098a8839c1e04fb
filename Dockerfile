# syntax=docker/dockerfile:1
# Switchboard gateway image.
#
#   docker build -t switchboard:0.1.0-SNAPSHOT .
#
# The image runs `java -jar /app/switchboard.jar` in /app, so the gateway reads
# /app/conf/config.json. The conf/ copied here is the development configuration (its HS256
# secret is for development only); on Kubernetes the ConfigMap mounted at /app/conf replaces it.
# JVM flags (Hazelcast's --add-opens, -XX:MaxRAMPercentage) come from JAVA_TOOL_OPTIONS in
# k8s/base/deployment.yaml, which replaces the one set here; both choose Shenandoah, whose pauses
# stayed near a millisecond where SerialGC's took 30-90 ms (docs/benchmarks.md, issue 19).

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY src ./src
COPY conf ./conf
# -DskipTests also skips the npm steps of the test build, so no Node.js is needed here
RUN --mount=type=cache,target=/root/.m2 mvn -B -q package -DskipTests

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 switchboard \
 && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home \
      --shell /usr/sbin/nologin switchboard
WORKDIR /app
COPY --from=build /src/target/switchboard.jar /app/switchboard.jar
COPY --from=build /src/conf /app/conf
# data/ is where the embedded database would live; on Kubernetes an emptyDir is mounted there
RUN mkdir -p /app/data && chown 10001:10001 /app/data
# numeric, so that runAsNonRoot can verify it
USER 10001:10001
ENV JAVA_TOOL_OPTIONS="-XX:+UseShenandoahGC"
# 8080 HTTP (bridge, REST, health, metrics); 5701 Hazelcast and 5702 event bus, between nodes only
EXPOSE 8080 5701 5702
ENTRYPOINT ["java", "-jar", "/app/switchboard.jar"]
