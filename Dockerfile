# Ensemble's app: the REST API and dashboard over the committed models. Two images from one publish:
#   CPU (the last stage, so the default): docker build -t ensemble .
#   GPU (CUDA 13 + cuDNN 9):              docker build --target gpu -t ensemble:gpu .
# BuildKit, Docker's default builder, builds only the stages a target needs: the CPU build never pulls CUDA.
# docs/deployment.md has the run commands. Docker does not run on the team's build machines: checked by reading.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Ensemble.Web -c Release -o /app

# GPU image. ONNX Runtime 1.31's CUDA provider (Microsoft.ML.OnnxRuntime.Gpu.Linux) needs CUDA 13 and cuDNN 9:
# NVIDIA's tag nvidia/cuda:13.0.2-cudnn-runtime-ubuntu24.04 carries both (runtime: shared libraries, no compiler).
# The host needs an NVIDIA driver for CUDA 13 (580 or newer) and the NVIDIA container toolkit (docker run --gpus all).
FROM nvidia/cuda:13.0.2-cudnn-runtime-ubuntu24.04 AS gpu
# .NET's own dependencies, as in Microsoft's Ubuntu 24.04 images, and curl for the HEALTHCHECK.
# Noninteractive, or tzdata stops the build to ask for a time zone.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        ca-certificates curl libicu74 libssl3t64 tzdata \
    && rm -rf /var/lib/apt/lists/*
# The ASP.NET Core 10 runtime, copied from Microsoft's image for the same Ubuntu (24.04, noble).
COPY --from=mcr.microsoft.com/dotnet/aspnet:10.0-noble /usr/share/dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
# The same non-root user as Microsoft's images (app, UID 1654), so both images run alike under Kubernetes.
ENV APP_UID=1654
RUN groupadd --gid=$APP_UID app && useradd --no-log-init --uid=$APP_UID --gid=$APP_UID --create-home app
WORKDIR /app
COPY --from=build /app .
# As in the CPU image below: data/ for SQLite and checkpoints, models/ writable for models trained in the app.
RUN mkdir -p /app/data && chown app:app /app/data /app/models
VOLUME /app/data
# Cuda, not Auto: in a GPU image, a CUDA that cannot load should fail loudly, not fall back to the CPU unnoticed.
# gRPC (the Open Inference Protocol's service) on 8001, as Triton's, reachable from outside the container like 8080.
ENV ASPNETCORE_HTTP_PORTS=8080 \
    OpenInference__GrpcPort=8001 \
    OpenInference__GrpcHost=* \
    DOTNET_RUNNING_IN_CONTAINER=true \
    Inference__ExecutionProvider=Cuda
EXPOSE 8080 8001
USER $APP_UID
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD curl -fs http://localhost:8080/health/live || exit 1
ENTRYPOINT ["dotnet", "Ensemble.Web.dll"]

# CPU image, the default target. Auto: CUDA is tried and, where it cannot load (as here), the CPU is used.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# curl serves the HEALTHCHECK only.
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
# The SQLite database lives in /app/data; mount a volume there to keep ensembles across containers.
# models/ is the app user's too: a training job writes its model there (staged, then moved in).
RUN mkdir -p /app/data && chown app:app /app/data /app/models
VOLUME /app/data
ENV ASPNETCORE_HTTP_PORTS=8080 \
    OpenInference__GrpcPort=8001 \
    OpenInference__GrpcHost=* \
    Inference__ExecutionProvider=Auto
EXPOSE 8080 8001
# The numeric UID (1654, user app, set by the base image) lets Kubernetes' runAsNonRoot verify it.
USER $APP_UID
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD curl -fs http://localhost:8080/health/live || exit 1
ENTRYPOINT ["dotnet", "Ensemble.Web.dll"]
