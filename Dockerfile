# Ensemble: for now the trainer CLI; the serving app replaces the entry point when it lands.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Ensemble.Trainer -c Release -o /app

FROM mcr.microsoft.com/dotnet/runtime:10.0
WORKDIR /app
COPY --from=build /app .
COPY models ./models
USER app
ENTRYPOINT ["dotnet", "ensemble-trainer.dll"]
CMD ["evaluate", "--model", "models/residual.onnx"]
