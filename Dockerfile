# pgswap on a Java runtime, built from this checkout (no JDK or Maven needed on the host):
#   docker build -t pgswap .
#   docker run --rm pgswap --help
#   docker run --rm -e PGHOST=db.internal -e PGDATABASE=shop -e PGUSER=app -e PGPASSWORD pgswap \
#       add-not-null orders.status --dry-run
# docker-compose.yml builds it as its pgswap service.

# ---- build: the release tarball, as 'mvn package' makes it anywhere
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# dependencies and plugins in a layer of their own, downloaded again only when pom.xml changes
COPY pom.xml ./
RUN mvn -B -q dependency:go-offline
COPY README.md ./
COPY scripts ./scripts
COPY src ./src
RUN mvn -B -q package -DskipTests \
 && mkdir -p /opt/pgswap \
 && tar -xzf target/pgswap-*.tar.gz -C /opt/pgswap --strip-components=1

# ---- runtime: a JRE, the unpacked tarball, a user without privileges
FROM eclipse-temurin:17-jre
RUN groupadd --system pgswap \
 && useradd --system --gid pgswap --create-home --home-dir /home/pgswap --shell /usr/sbin/nologin pgswap
COPY --from=build /opt/pgswap /opt/pgswap
ENV PATH=/opt/pgswap/bin:$PATH
# class-data sharing for this image's JVM and path (an archive fits only the JVM build that made it)
RUN PGSWAP_CDS=dump pgswap || echo "no class-data-sharing archive; pgswap starts a little slower"
USER pgswap
WORKDIR /home/pgswap
ENTRYPOINT ["pgswap"]
CMD ["--help"]
