# leakgate as a container image: a jlink runtime with only the modules leakgate uses, the jar,
# the launcher and its class-data-sharing archive, run as a non-root user.
#
#   docker build -t leakgate .
#   docker run --rm -v "$PWD:/work" leakgate git .
#
# Build stages: the jar from source (Maven), the runtime (jlink), then the image itself.

ARG MAVEN_IMAGE=maven:3.9-eclipse-temurin-17
ARG JDK_IMAGE=eclipse-temurin:17-jdk
ARG BASE_IMAGE=debian:bookworm-slim

FROM ${MAVEN_IMAGE} AS jar
WORKDIR /src
COPY pom.xml ./
COPY src src
COPY rules rules
COPY hooks hooks
RUN mvn -B -q -DskipTests package

FROM ${JDK_IMAGE} AS runtime
# The modules `jdeps --print-module-deps --ignore-missing-deps target/leakgate.jar` names:
# java.desktop and java.sql for Jackson (java.beans, java.sql.Timestamp; java.desktop also brings
# java.xml for the JUnit report), java.security.jgss and jdk.management for JGit. The test
# JlinkRuntimeIT builds this same runtime and runs every kind of command with it.
RUN jlink --add-modules java.base,java.desktop,java.naming,java.security.jgss,java.sql,jdk.management \
      --strip-debug --no-man-pages --no-header-files --compress=2 --output /opt/java

FROM ${BASE_IMAGE}
# git: hook commands (pre-commit, pre-push, install) and the class-data rehearsal call it.
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends git \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --uid 10001 --create-home --shell /usr/sbin/nologin leakgate \
 && git config --system --add safe.directory '*'
# A mounted checkout belongs to another uid; leakgate only reads it, so git's ownership check
# (safe.directory) is switched off above rather than failing every scan of a volume.
COPY --from=runtime /opt/java /opt/java
COPY --from=jar /src/target/leakgate.jar /tmp/leakgate.jar
ENV JAVA_HOME=/opt/java \
    PATH=/opt/leakgate:/opt/java/bin:$PATH
# `install launcher` puts the launcher script (lean JVM settings), the jar and the class-data
# archive recorded from rehearsal runs with this very runtime into /opt/leakgate.
RUN java -jar /tmp/leakgate.jar install launcher --dir /opt/leakgate \
 && rm /tmp/leakgate.jar \
 && leakgate --version
USER leakgate
WORKDIR /work
ENTRYPOINT ["leakgate"]
CMD ["--help"]
