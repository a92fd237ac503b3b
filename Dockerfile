# Tipjar's image: `tipjar serve` as a non-root user. Everything is installed by deploy/install.sh, which CI
# also runs (in a clean virtualenv), so the install path is tested where this image is not built.
#   docker build -t tipjar .                                  # lexical search only
#   docker build -t tipjar --build-arg SEMANTIC=1 .           # with the local embedding model (CPU torch)
FROM python:3.11-slim

ARG SEMANTIC=0
ENV PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/opt/tipjar/bin:$PATH

COPY . /src
RUN TIPJAR_SEMANTIC=$SEMANTIC /src/deploy/install.sh /opt/tipjar \
    && rm -rf /src \
    && useradd --system --create-home --home-dir /home/tipjar --uid 10001 tipjar \
    && mkdir -p /etc/tipjar

# Settings: mount your app.yaml here. Secrets and TIPJAR_DATABASE_URL come from the environment.
ENV TIPJAR_CONFIG=/etc/tipjar/app.yaml
COPY app.yaml /etc/tipjar/app.yaml

USER tipjar
WORKDIR /home/tipjar
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:3000/healthz', timeout=4)"
ENTRYPOINT ["tipjar"]
CMD ["serve", "--host", "0.0.0.0", "--port", "3000"]
