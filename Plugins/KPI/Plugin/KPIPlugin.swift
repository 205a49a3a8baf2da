import Foundation
package import GRDB
package import Kernel
package import Practice

/// The KPI module: call-centre figures (QS, ASA, abandonment, DMC), contact and recontact rates,
/// channel mix, forecasts, Erlang C / Erlang A staffing, ETP, dimensioning and the HTML report.
///
/// It reads the contact journal and its own table of imported call records (`kpi_call`), and
/// writes nothing else. Definitions and formulas: `Docs/kpi.md`.
package struct KPIPlugin: Plugin {
    package let id = "kpi"
    package let version = "0.1.0"
    package let namespaces = ["kpi"]
    package let context: KPIContext

    /// Reads the `kpi` section (every key optional); throws every problem with its path and line.
    package init(configuration: ConfigurationDocument, directory: PracticeDirectory) throws(ConfigurationError) {
        var issues: [ConfigurationIssue] = []
        let settings = configuration.decode(KPISettings.self, at: "kpi", default: KPISettings(), issues: &issues)
        if let settings {
            for (path, message) in settings.problems(directory: directory) { issues.append(configuration.issue("kpi." + path, message)) }
        }
        guard let settings, issues.isEmpty else { throw ConfigurationError(issues, source: configuration.source) }
        context = KPIContext(settings: settings, directory: directory)
    }

    package func registerMigrations(_ migrator: inout DatabaseMigrator) {
        KPICallStore.migrate(&migrator)
    }

    package func registerSchema(_ schema: inout SchemaMigrations) {
        KPISchema.register(&schema)
    }

    package func methods(host: KernelHost) -> [AnyMethod] {
        host.services.resolve(UsageSources.self)?.add(KPIUsage())
        return [
            AnyMethod(KPIImportMethod(kpi: context)), AnyMethod(KPISummaryMethod(kpi: context)),
            AnyMethod(KPIServiceLevelMethod(kpi: context)), AnyMethod(KPISeriesMethod(kpi: context)),
            AnyMethod(KPIForecastMethod(kpi: context)), AnyMethod(KPIBacktestMethod(kpi: context)),
            AnyMethod(KPIErlangMethod(kpi: context)), AnyMethod(KPIStaffingMethod(kpi: context)),
            AnyMethod(KPIDimensioningMethod(kpi: context)), AnyMethod(KPIReportMethod(kpi: context)),
            AnyMethod(KPINoShowsMethod(kpi: context))
        ]
    }

    package func start(host: KernelHost) async throws {
        host.personalData.register(CallRecordPersonalData(practiceId: host.practiceId))
        // Figures over a pool read each practice's own settings (KPIPoolSettings).
        host.services.register(KPIContext.self, context)
    }
}
