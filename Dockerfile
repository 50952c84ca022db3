# Ensemble's app: the REST API over the committed models.
# CPU image (this file as is): docker build -t ensemble . && docker run -p 8080:8080 ensemble
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Ensemble.Web -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# curl serves the HEALTHCHECK only.
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
# The SQLite database lives in /app/data; mount a volume there to keep ensembles across containers.
RUN mkdir -p /app/data && chown app:app /app/data
VOLUME /app/data
ENV ASPNETCORE_HTTP_PORTS=8080 \
    Inference__ExecutionProvider=Auto
EXPOSE 8080
USER app
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD curl -fs http://localhost:8080/health/live || exit 1
ENTRYPOINT ["dotnet", "Ensemble.Web.dll"]
