// Runs a scheduler whose runs' spans go to an OpenTelemetry collector over OTLP/HTTP
// (http://localhost:4318 unless OTEL_EXPORTER_OTLP_ENDPOINT says otherwise). Every two
// seconds the job runs in a span `hourglass.run`, and the span it starts itself,
// `fetch-rates`, is its child. Stop it with Ctrl-C.
import Hourglass
import Logging
import OTel
import ServiceLifecycle
import Tracing

// Bootstrap tracing first: a scheduler takes the global tracer when it is created.
var otel = OTel.Configuration.default
otel.serviceName = "hourglass-tracing-example"
otel.traces.otlpExporter.protocol = .httpProtobuf
otel.traces.batchSpanProcessor.scheduleDelay = .seconds(1)
otel.metrics.enabled = false
otel.logs.enabled = false
let observability = try OTel.bootstrap(configuration: otel)

let scheduler = Scheduler()
try await scheduler.add(id: "rates", name: "Refresh rates", trigger: IntervalTrigger(every: .seconds(2))) { context in
    // `ServiceContext.current` is the run's span here, so this span is its child.
    try await withSpan("fetch-rates") { span in
        span.attributes["rates.attempt"] = context.attempt
        try await Task.sleep(for: .milliseconds(50))
    }
    context.logger.info("rates refreshed")
}

let group = ServiceGroup(
    services: [observability, scheduler], gracefulShutdownSignals: [.sigint, .sigterm],
    logger: Logger(label: "hourglass-tracing-example"))
try await group.run()
