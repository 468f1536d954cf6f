# A minimal image: jobcheck as a static (musl) binary on an empty base, run as a non-root user.
#   docker build -t jobcheck --build-arg JOBCHECK_COMMIT="$(git log -1 --format='%h %cs')" .
#   docker run --rm -v "$PWD:/src" jobcheck check /src/infra
FROM rust:1.95-alpine AS build
# Puts the commit into `jobcheck --version`; the build context has no .git.
ARG JOBCHECK_COMMIT=""
WORKDIR /build
COPY . .
RUN JOBCHECK_COMMIT="$JOBCHECK_COMMIT" cargo build --release --locked \
 && install -D -m 0755 target/release/jobcheck /out/usr/local/bin/jobcheck

FROM scratch
LABEL org.opencontainers.image.title="jobcheck" \
      org.opencontainers.image.description="Static analyzer for scheduled ECS Fargate jobs defined in Terraform" \
      org.opencontainers.image.source="https://github.com/jobcheck/jobcheck" \
      org.opencontainers.image.licenses="MIT OR Apache-2.0"
COPY --from=build /out/ /
COPY LICENSE-MIT LICENSE-APACHE /usr/share/doc/jobcheck/
# An unprivileged user (nobody's usual id); the scratch base has no /etc/passwd to name it.
USER 65534:65534
WORKDIR /src
ENTRYPOINT ["jobcheck"]
CMD ["check", "."]
