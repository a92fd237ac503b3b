# Tipjar's image: `tipjar serve` as a non-root user. Everything is installed by deploy/install.sh, which CI
# also runs (in a clean virtualenv), so the install path is tested where this image is not built.
#   docker build -t tipjar .                                  # lexical search only
#   docker build -t tipjar --build-arg SEMANTIC=1 .           # with the local embedding model (CPU torch)
#
# Only what the install reads is copied, each path by name (never `COPY .`): a checkout also holds
# deploy/.env and database files, and a file copied into any layer stays in the image. .dockerignore keeps
# everything else out of the build context. The source is built in a first stage; the image gets its
# virtualenv only. tests/security/test_image_contents.py checks both lists.
FROM python:3.11-slim AS build

ARG SEMANTIC=0
ENV PIP_DISABLE_PIP_VERSION_CHECK=1
COPY pyproject.toml README.md /src/
COPY deploy/install.sh /src/deploy/install.sh
COPY adapters /src/adapters
COPY bot /src/bot
COPY digests /src/digests
COPY runtime /src/runtime
COPY store /src/store
COPY tipjar /src/tipjar
RUN TIPJAR_SEMANTIC=$SEMANTIC /src/deploy/install.sh /opt/tipjar

FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1 \
    PATH=/opt/tipjar/bin:$PATH
COPY --from=build /opt/tipjar /opt/tipjar
RUN useradd --system --create-home --home-dir /home/tipjar --uid 10001 tipjar \
    && mkdir -p /etc/tipjar

# Settings: mount your app.yaml here. Secrets and TIPJAR_DATABASE_URL come from the environment: set
# TIPJAR_METRICS_TOKEN too, since the image listens on every interface and /metrics then asks for it
# (without it /metrics answers 403; README, "Running in production").
ENV TIPJAR_CONFIG=/etc/tipjar/app.yaml
COPY app.yaml /etc/tipjar/app.yaml

USER tipjar
WORKDIR /home/tipjar
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:3000/healthz', timeout=4)"
ENTRYPOINT ["tipjar"]
CMD ["serve", "--host", "0.0.0.0", "--port", "3000"]
