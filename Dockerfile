# syntax=docker/dockerfile:1
# Switchboard gateway image.
#
#   docker build -t switchboard:0.1.0-SNAPSHOT .
#   docker run -p 8080:8080 -e SWITCHBOARD_JWT_SECRET="$(openssl rand -hex 32)" switchboard:0.1.0-SNAPSHOT
#
# The image carries no configuration file and no key: it is configured by SWITCHBOARD_*
# environment variables (README.md, "Configuration"), and a node given no token key refuses to
# start with one line that says which to set. It listens on 0.0.0.0, so a published port reaches it.
# On Kubernetes the ConfigMap mounted at /app/conf supplies conf/config.json, and the Secret the key.
# JVM flags (Hazelcast's --add-opens, -XX:MaxRAMPercentage) come from JAVA_TOOL_OPTIONS in
# k8s/base/deployment.yaml, which also chooses Shenandoah, whose pauses stayed near a millisecond
# where SerialGC's took 30-90 ms (docs/benchmarks.md, issue 19).
# compose.yaml runs two nodes and a MongoDB from it.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY src ./src
COPY docs/openapi.yaml ./docs/openapi.yaml
# the build installs the web console's browser clients with npm ci (src/main/console); -DskipTests
# skips the npm steps of the test build
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
RUN --mount=type=cache,target=/root/.m2 mvn -B -q package -DskipTests

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 switchboard \
 && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home \
      --shell /usr/sbin/nologin switchboard
WORKDIR /app
COPY --from=build /src/target/switchboard.jar /app/switchboard.jar
# data/ is where the embedded database would live; on Kubernetes an emptyDir is mounted there
RUN mkdir -p /app/data && chown 10001:10001 /app/data
# every interface, not the development default of 127.0.0.1: a container is reached from outside it
ENV SWITCHBOARD_HTTP_HOST=0.0.0.0
# numeric, so that runAsNonRoot can verify it
USER 10001:10001
# 8080 HTTP (bridge, REST, health, metrics); 5701 Hazelcast and 5702 event bus, between nodes only
EXPOSE 8080 5701 5702
# Shenandoah: pauses near a millisecond at 10,000 connections (docs/benchmarks.md, issue 19); a flag
# here rather than JAVA_TOOL_OPTIONS, which the JVM would echo to stderr past the JSON log encoder
ENTRYPOINT ["java", "-XX:+UseShenandoahGC", "-jar", "/app/switchboard.jar"]
