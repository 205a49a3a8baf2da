import Foundation
import Testing

/// The manager's report as the practice receives it from `permanence report`: French in every
/// label (the practice's locale), indicators named by what they count, and « pas d'historique »
/// where there is nothing to forecast from, never a flat 0.
@Suite struct ReportEndToEndTests {
    @Test func reportSpeaksFrenchAndSaysWhenThereIsNoHistory() throws {
        let dir = try Executable.temporaryDirectory()
        let db = dir.appendingPathComponent("db.sqlite").path
        let csv = dir.appendingPathComponent("calls.csv")
        try """
        call_id,queue,channel,offered_at,answered_at,ended_at,abandoned_at,agent,motive
        r1,cabinet,phone,2026-03-02T09:00:00+01:00,2026-03-02T09:00:12+01:00,2026-03-02T09:03:12+01:00,,sophie,rendez-vous
        r2,cabinet,phone,2026-03-02T09:05:00+01:00,,,2026-03-02T09:05:40+01:00,,ordonnance
        r3,cabinet,phone,2026-03-03T10:00:00+01:00,2026-03-03T10:00:35+01:00,2026-03-03T10:04:00+01:00,,sophie,résultats

        """.write(to: csv, atomically: true, encoding: .utf8)
        let imported = try Executable.run(["import", "csv", csv.path, "--db", db])
        #expect(imported.status == 0, "\(imported.stderr)")

        let html = dir.appendingPathComponent("rapport.html")
        let out = try Executable.run(["report", "--from", "2026-03-02", "--to", "2026-03-09", "-o", html.path, "--db", db])
        #expect(out.status == 0, "\(out.stderr)")
        let page = try String(contentsOf: html, encoding: .utf8)

        #expect(page.contains("<html lang=\"fr\">"))
        for label in [
            "Rapport d'activité", "Appels présentés", "Appels décrochés", "Qualité de service",
            "appels décrochés en moins de 20 s / appels présentés", "pas d'historique"
        ] {
            #expect(page.contains(label), "missing « \(label) »")
        }
        // No raw enum and no English label in a French page.
        for english in ["answeredWithinOverOffered", "answeredWithin", "Service level", "Offered", "Answered", "Forecast", "Summary"] {
            #expect(!page.contains(english), "English or raw text « \(english) » in the French report")
        }
    }
}
