import Foundation
import GRDB
import JSONRPC
import Kernel
import Practice
import Testing

@testable import Agenda

/// Reminders: when they go out (allowed hours, Sundays, holidays, daylight saving), and what the
/// patients' replies do. Days are in March 2026 (Monday the 2nd; summer time from Sunday the 29th).
@Suite struct ReminderTests {
    /// The Paris wall-clock time of a reminder's due instant.
    static func local(_ r: Reminder?) -> String {
        guard let r else { return "none" }
        let l = LocalDateTime(r.dueAt, in: paris)
        return "\(l.date) \(l.time)"
    }

    @Test("booked ten days ahead: reminded 48 h before at an allowed hour, never at night, on a Sunday or off the wall clock across summer time")
    func farAhead() async throws {
        let h = try await ReminderHarness(now: "2026-03-02T10:00:00+01:00")
        defer { Task { await h.shutdown() } }
        let plain = try await h.book("pat-dupont", "2026-03-12", "10:00") // Thursday → Tuesday 10:00
        let early = try await h.book("pat-leroy", "2026-03-11", "08:20") // Monday 08:20 is before 09:00 → 09:00
        let sunday = try await h.book("pat-moreau", "2026-03-17", "10:00") // Sunday the 15th → Monday 09:00
        let summer = try await h.book("pat-petit", "2026-03-30", "10:00") // Saturday 28th 10:00 winter time (47 h before)
        let evening = try await h.book("pat-garcia", "2026-03-12", "20:40") // Tuesday 20:40 is after 20:00 → Wednesday 09:00
        #expect(Self.local(try await h.reminders(plain).first) == "2026-03-10 10:00")
        #expect(Self.local(try await h.reminders(early).first) == "2026-03-09 09:00")
        #expect(Self.local(try await h.reminders(sunday).first) == "2026-03-16 09:00")
        #expect(Self.local(try await h.reminders(summer).first) == "2026-03-28 10:00")
        #expect(Self.local(try await h.reminders(evening).first) == "2026-03-11 09:00")

        try await h.at("2026-03-10", "09:59")
        #expect(try await h.sms(to: "+33611000001").isEmpty)
        try await h.at("2026-03-10", "10:00")
        let sent = try await h.sms(to: "+33611000001")
        #expect(sent.count == 1)
        #expect(sent.first?.contains("RDV le jeudi 12/03 à 10h, Centre") == true)
        #expect(sent.first?.contains("OUI") == true && sent.first?.contains("ANNULER") == true && sent.first?.contains("STOP") == true)
        #expect(sent.first.map { SMSText($0).segmentCount } == 1)
        #expect(sent.first?.contains("Consultation") == false)
        #expect(try await h.reminders(plain).first?.status == .sent)
        // Nobody else's reminder was due yet, and the 09:00 one of Monday the 9th went at 10:00 only because the clock jumped.
        #expect(try await h.sms(to: "+33611000004").isEmpty)
    }

    @Test("booked 30 hours ahead: reminded the day before; booked an hour ahead: no reminder")
    func nearAndTooLate() async throws {
        let h = try await ReminderHarness(now: "2026-03-02T08:00:00+01:00")
        defer { Task { await h.shutdown() } }
        let tomorrow = try await h.book("pat-dupont", "2026-03-03", "14:00")
        let inAnHour = try await h.book("pat-leroy", "2026-03-02", "09:00")
        #expect(Self.local(try await h.reminders(tomorrow).first) == "2026-03-02 14:00")
        #expect(try await h.reminders(inAnHour).isEmpty)
        try await h.at("2026-03-02", "14:00")
        #expect(try await h.sms(to: "+33611000001").count == 1)
        #expect(try await h.sms(to: "+33611000002").isEmpty)
    }

    @Test("a reminder is re-planned when the appointment moves and dropped when it is cancelled")
    func replannedAndDropped() async throws {
        let h = try await ReminderHarness(now: "2026-03-02T08:00:00+01:00")
        defer { Task { await h.shutdown() } }
        let id = try await h.book("pat-dupont", "2026-03-04", "11:00")
        let moved = try await h.ok("agenda.reschedule", ["appointmentId": .string(id), "start": paris("2026-03-05", "15:00")])
        let newId = moved["to"]!["id"]!.stringValue!
        #expect(try await h.reminders(id).isEmpty)
        #expect(Self.local(try await h.reminders(newId).first) == "2026-03-04 15:00")
        _ = try await h.ok("agenda.cancel", ["appointmentId": .string(newId), "reason": "empêchement"])
        #expect(try await h.reminders(newId).isEmpty)
        try await h.at("2026-03-04", "15:00")
        #expect(try await h.sms(to: "+33611000001").isEmpty)
    }

    @Test("\"oui merci\" confirms the appointment and the patient is told so")
    func ouiConfirms() async throws {
        let h = try await ReminderHarness(now: "2026-03-02T08:00:00+01:00")
        defer { Task { await h.shutdown() } }
        let id = try await h.book("pat-dupont", "2026-03-04", "11:00")
        try await h.at("2026-03-03", "11:00")
        let handling = try await h.reply("pat-dupont", "Oui merci !")
        #expect(handling?.handledBy == "agenda")
        #expect(handling?.reference == id)
        #expect(try await h.reminders(id).first?.status == .confirmed)
        #expect(try await h.status(id) == "booked")
        #expect(try await h.sms(to: "+33611000001").last?.contains("est confirmé") == true)
    }

    @Test("ANNULER cancels, frees the slot, and the first fitting waiting patient is offered it; an unanswered offer goes to the next")
    func annulerOffersTheSlot() async throws {
        let h = try await ReminderHarness(now: "2026-03-02T08:00:00+01:00")
        defer { Task { await h.shutdown() } }
        // Longest waiting first among those who fit: leroy waits longest but only afternoons.
        _ = try await h.ok("waitlist.add", ["patientId": "pat-leroy", "appointmentTypeId": "consultation", "preferredTimes": ["14:00-18:00"]])
        h.clock.advance(by: 60)
        _ = try await h.ok("waitlist.add", ["patientId": "pat-moreau", "appointmentTypeId": "consultation"])
        h.clock.advance(by: 60)
        _ = try await h.ok("waitlist.add", ["patientId": "pat-petit", "appointmentTypeId": "consultation", "practitionerIds": ["dr-martin"]])
        let id = try await h.book("pat-dupont", "2026-03-04", "11:00")
        try await h.at("2026-03-03", "11:00")
        let handling = try await h.reply("pat-dupont", "ANNULER")
        #expect(handling?.summary.contains("annulé") == true)
        #expect(try await h.status(id) == "cancelled")
        #expect(try await h.sms(to: "+33611000001").last?.contains("est annulé") == true)
        #expect(try await h.sms(to: "+33611000002").isEmpty)
        let offer = try await h.sms(to: "+33611000003")
        #expect(offer.count == 1)
        #expect(offer.first?.contains("se libère le mercredi 04/03 à 11h") == true)
        #expect(try await h.sms(to: "+33611000004").isEmpty)

        // Thirty minutes without an answer: the offer goes to the next patient, who takes it.
        try await h.at("2026-03-03", "11:30")
        #expect(try await h.sms(to: "+33611000004").count == 1)
        let booked = try await h.reply("pat-petit", "oui")
        #expect(booked?.summary.contains("pris sur la liste d'attente") == true)
        let day = try await h.ok(
            "agenda.appointments", ["practitionerId": "dr-martin", "from": paris("2026-03-04", "00:00"), "to": paris("2026-03-05", "00:00")])
        let active = (day["items"]?.arrayValue ?? []).filter { $0["status"]?.stringValue == "booked" }
        #expect(active.map { $0["patientId"]?.stringValue } == ["pat-petit"])
        #expect(try await h.sms(to: "+33611000004").last?.contains("c'est confirmé") == true)
        let list = try await h.ok("waitlist.list", [:])
        #expect(Set((list["items"]?.arrayValue ?? []).compactMap { $0["patientId"]?.stringValue }) == ["pat-leroy", "pat-moreau"])
        // The first patient answers too late.
        _ = try await h.reply("pat-moreau", "OUI")
        #expect(try await h.sms(to: "+33611000003").last?.contains("a expiré") == true)
    }

    @Test("a reserved urgent slot still free when it opens to secretaries is offered to the patient waiting for it, who books it by OUI")
    func releasedBlockIsOffered() async throws {
        let consultation = "      - {id: consultation, label: Consultation, minutes: 20, horizonDays: 90, minNoticeMinutes: 0}"
        let yaml = ReminderHarness.yaml(extra: "waitlist: {minimumNoticeHours: 1}").replacingOccurrences(
            of: consultation,
            with: consultation + "\n"
                + "      - {id: urgence, label: Urgence du jour, minutes: 20, bookableBy: [staff], releaseHoursBefore: 2, minNoticeMinutes: 0}\n"
                + "    reservedBlocks:\n"
                + "      - {site: centre, days: [tuesday], time: \"11:20-12:00\", types: [urgence]}")
        #expect(yaml.contains("reservedBlocks"))
        let h = try await ReminderHarness(yaml: yaml, now: "2026-03-02T08:00:00+01:00")
        defer { Task { await h.shutdown() } }
        _ = try await h.ok("waitlist.add", ["patientId": "pat-moreau", "appointmentTypeId": "urgence"])
        let followUp = h.plugin.core.followUp
        // Tuesday's two urgent slots open two hours before each: 09:20 and 09:40.
        #expect(followUp.releases.next(after: h.clock.now()) == instant("2026-03-03T09:20:00+01:00"))
        let monday = h.clock.now()
        h.clock.set(instant("2026-03-03T09:20:00+01:00"))
        let sent = try await ReminderWorker.offerReleases(followUp: followUp, host: h.host, after: monday, upTo: h.clock.now())
        #expect(sent == 1)
        let offer = try await h.sms(to: "+33611000003")
        #expect(offer.count == 1)
        #expect(offer.first?.contains("se libère le mardi 03/03 à 11h20") == true, "\(offer)")
        // Checking again offers nothing twice; the next release is the 11:40 slot's.
        #expect(try await ReminderWorker.offerReleases(followUp: followUp, host: h.host, after: h.clock.now(), upTo: h.clock.now()) == 0)
        #expect(followUp.releases.next(after: h.clock.now()) == instant("2026-03-03T09:40:00+01:00"))
        let booked = try await h.reply("pat-moreau", "OUI")
        #expect(booked?.summary.contains("pris sur la liste d'attente") == true, "\(String(describing: booked))")
        let day = try await h.ok(
            "agenda.appointments", ["practitionerId": "dr-martin", "from": paris("2026-03-03", "00:00"), "to": paris("2026-03-04", "00:00")])
        let active = (day["items"]?.arrayValue ?? []).filter { $0["status"]?.stringValue == "booked" }
        #expect(active.map { $0["appointmentTypeId"]?.stringValue } == ["urgence"])
        #expect(active.map { $0["patientId"]?.stringValue } == ["pat-moreau"])
    }

    @Test("one mobile for two children: ANNULER cancels neither appointment, a secretary gets both to call back about, the parent is told")
    func ambiguousReplyGoesToASecretary() async throws {
        let h = try await ReminderHarness(now: "2026-03-02T08:00:00+01:00")
        defer { Task { await h.shutdown() } }
        let mother = try await h.book("pat-dupont", "2026-03-04", "10:00")
        let daughter = try await h.book("pat-dupont-lea", "2026-03-04", "10:20")
        try await h.at("2026-03-03", "10:30")
        #expect(try await h.sms(to: "+33611000001").count == 2, "both reminders went to the one number")
        let handling = try await h.reply("pat-dupont", "ANNULER")
        #expect(handling?.summary.contains("ambiguë") == true, "\(String(describing: handling))")
        #expect(try await h.status(mother) == "booked")
        #expect(try await h.status(daughter) == "booked")
        let request = try #require(h.callbacks.all.last)
        #expect(request.kind == .patientReply)
        #expect(request.text.contains(mother) && request.text.contains(daughter), "\(request.text)")
        #expect(request.text.contains("ANNULER"))
        #expect(request.callerPhone == "+33611000001")
        #expect(try await h.sms(to: "+33611000001").count == 3, "the parent is told they will be called back")
        // STOP is about the number, whoever it was for: acted on.
        #expect(try await h.reply("pat-dupont", "STOP")?.summary.contains("désinscrit") == true)
    }

    @Test("one patient with two appointments texted: ANNULER answers the latest SMS, as the patient reads it")
    func onePatientTwoAppointments() async throws {
        let h = try await ReminderHarness(now: "2026-03-02T08:00:00+01:00")
        defer { Task { await h.shutdown() } }
        let first = try await h.book("pat-dupont", "2026-03-04", "10:00")
        let second = try await h.book("pat-dupont", "2026-03-04", "10:20")
        try await h.at("2026-03-03", "10:30")
        let handling = try await h.reply("pat-dupont", "ANNULER")
        #expect(handling?.reference == second)
        #expect(try await h.status(second) == "cancelled")
        #expect(try await h.status(first) == "booked")
    }

    @Test("a slot freed in the night is not offered in the night; an offer running out in the night moves on in the morning")
    func noOffersAtNight() async throws {
        let h = try await ReminderHarness(now: "2026-03-02T08:00:00+01:00")
        defer { Task { await h.shutdown() } }
        _ = try await h.ok("waitlist.add", ["patientId": "pat-moreau", "appointmentTypeId": "consultation"])
        _ = try await h.ok("waitlist.add", ["patientId": "pat-petit", "appointmentTypeId": "consultation"])
        let night = try await h.book("pat-dupont", "2026-03-05", "11:00")
        try await h.at("2026-03-03", "23:10")
        _ = try await h.ok("agenda.cancel", ["appointmentId": .string(night), "reason": "le patient a appelé"])
        #expect(try await h.sms(to: "+33611000003").isEmpty)
        // An offer sent at 19:45 runs out at 20:15, in the night: the next patient is asked at 09:00.
        let evening = try await h.book("pat-garcia", "2026-03-06", "11:00")
        try await h.at("2026-03-04", "19:45")
        _ = try await h.ok("agenda.cancel", ["appointmentId": .string(evening), "reason": "le patient a appelé"])
        #expect(try await h.sms(to: "+33611000003").count == 1)
        try await h.at("2026-03-04", "20:15")
        #expect(try await h.sms(to: "+33611000004").isEmpty)
        try await h.at("2026-03-05", "09:00")
        #expect(try await h.sms(to: "+33611000004").count == 1)
    }

    @Test("a reminder due while the server was stopped goes at the next allowed time, not in the night; too late for that, it is dropped")
    func reminderAfterDowntime() async throws {
        let h = try await ReminderHarness(now: "2026-03-02T08:00:00+01:00")
        defer { Task { await h.shutdown() } }
        let thursday = try await h.book("pat-moreau", "2026-03-05", "15:00") // reminder due Wednesday 15:00
        let early = try await h.book("pat-petit", "2026-03-05", "09:40") // due Wednesday 09:40
        // The server comes back on Wednesday at 21:30: neither reminder goes out in the night.
        try await h.at("2026-03-04", "21:30")
        #expect(try await h.sms(to: "+33611000003").isEmpty)
        #expect(try await h.sms(to: "+33611000004").isEmpty)
        // Thursday 09:00 leaves six hours before 15:00: sent then. 09:00 is too close to 09:40: dropped.
        #expect(try await h.reminders(thursday).first?.dueAt == instant("2026-03-05T09:00:00+01:00"))
        #expect(try await h.reminders(early).first?.status == .skipped)
        try await h.at("2026-03-05", "09:00")
        #expect(try await h.sms(to: "+33611000003").count == 1)
        #expect(try await h.sms(to: "+33611000004").isEmpty)
    }

    @Test("two patients answering OUI to offers of the same slot at the same instant: exactly one booking, the other stays waiting")
    func simultaneousOui() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("offers-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file + suffix) } }
        let h = try await ReminderHarness(
            yaml: ReminderHarness.yaml(extra: "waitlist: {parallelOffers: 2}"), now: "2026-03-02T08:00:00+01:00",
            store: try Store(path: file))
        defer { Task { await h.shutdown() } }
        _ = try await h.ok("waitlist.add", ["patientId": "pat-moreau", "appointmentTypeId": "consultation"])
        _ = try await h.ok("waitlist.add", ["patientId": "pat-petit", "appointmentTypeId": "consultation"])
        let id = try await h.book("pat-dupont", "2026-03-04", "11:00")
        try await h.at("2026-03-02", "10:00") // offers go out only in the allowed hours
        _ = try await h.ok("agenda.cancel", ["appointmentId": .string(id), "reason": "le patient a appelé"])
        #expect(try await h.sms(to: "+33611000003").count == 1)
        #expect(try await h.sms(to: "+33611000004").count == 1)

        async let first = h.reply("pat-moreau", "OUI")
        async let second = h.reply("pat-petit", "Oui")
        let answers = try await [first, second]
        let bookedCount = answers.filter { $0?.summary.contains("pris sur la liste d'attente") == true }.count
        #expect(bookedCount == 1)
        let day = try await h.ok(
            "agenda.appointments", ["practitionerId": "dr-martin", "from": paris("2026-03-04", "00:00"), "to": paris("2026-03-05", "00:00")])
        #expect((day["items"]?.arrayValue ?? []).filter { $0["status"]?.stringValue == "booked" }.count == 1)
        let gone = try await [h.sms(to: "+33611000003").last, h.sms(to: "+33611000004").last].filter { $0?.contains("a déjà été pris") == true }
        #expect(gone.count == 1)
        let waiting = try await h.ok("waitlist.list", [:])
        #expect(waiting["items"]?.arrayValue?.count == 1)
    }

    @Test("STOP opts the number out: no further reminder nor offer to it")
    func stop() async throws {
        let h = try await ReminderHarness(now: "2026-03-02T08:00:00+01:00")
        defer { Task { await h.shutdown() } }
        let first = try await h.book("pat-dupont", "2026-03-04", "11:00")
        let second = try await h.book("pat-dupont", "2026-03-06", "11:00")
        try await h.at("2026-03-03", "11:00")
        #expect(try await h.reply("pat-dupont", "STOP")?.summary.contains("désinscrit") == true)
        #expect(try await h.reminders(first).first?.status == .optedOut)
        let afterStop = try await h.sms(to: "+33611000001")
        #expect(afterStop.last?.contains("ne recevrez plus") == true)
        try await h.at("2026-03-05", "11:00")
        #expect(try await h.sms(to: "+33611000001").count == afterStop.count)
        #expect(try await h.reminders(second).first?.skipReason == "optedOut")
        // Nor an offer of a freed slot.
        _ = try await h.ok("waitlist.add", ["patientId": "pat-dupont", "appointmentTypeId": "consultation"])
        let other = try await h.book("pat-leroy", "2026-03-07", "10:00")
        _ = try await h.ok("agenda.cancel", ["appointmentId": .string(other), "reason": "empêchement"])
        #expect(try await h.sms(to: "+33611000001").count == afterStop.count)
    }

    @Test("any other reply goes to the callback queue, linked to the appointment, and the patient is told")
    func otherReply() async throws {
        let h = try await ReminderHarness(now: "2026-03-02T08:00:00+01:00")
        defer { Task { await h.shutdown() } }
        let id = try await h.book("pat-dupont", "2026-03-04", "11:00")
        try await h.at("2026-03-03", "11:00")
        _ = try await h.reply("pat-dupont", "Oui mais je serai en retard de 10 minutes")
        let queued = h.callbacks.all
        #expect(queued.count == 1)
        #expect(queued.first?.kind == .patientReply)
        #expect(queued.first?.reference == id)
        #expect(queued.first?.patientId == "pat-dupont")
        #expect(queued.first?.text.contains("je serai en retard") == true)
        #expect(try await h.reminders(id).first?.status == .forwarded)
        #expect(try await h.status(id) == "booked")
        #expect(try await h.sms(to: "+33611000001").last?.contains("transmis au secrétariat") == true)
        // A number nothing awaits an answer from is left to the other modules.
        #expect(try await h.reply("pat-leroy", "OUI") == nil)
        // So is a reply about an appointment cancelled since its reminder: nothing left to confirm.
        let other = try await h.book("pat-leroy", "2026-03-04", "12:00")
        try await h.at("2026-03-03", "12:00")
        _ = try await h.ok("agenda.cancel", ["appointmentId": .string(other), "reason": "le patient a appelé"])
        #expect(try await h.reply("pat-leroy", "OUI") == nil)
    }

    @Test("an absence tells the patients whose appointments it covers; OUI puts them on the waiting list")
    func absenceNotice() async throws {
        let h = try await ReminderHarness(now: "2026-03-02T08:00:00+01:00")
        defer { Task { await h.shutdown() } }
        let id = try await h.book("pat-dupont", "2026-03-05", "10:00")
        _ = try await h.ok("agenda.addAbsence", ["practitionerId": "dr-martin", "from": paris("2026-03-05", "00:00"), "to": paris("2026-03-06", "00:00")])
        let notice = try await h.sms(to: "+33611000001")
        #expect(notice.count == 1)
        #expect(notice.first?.contains("ne pourra pas avoir lieu") == true)
        let rows = try await h.reminders(id)
        #expect(rows.map(\.kind) == [.notice], "\(rows)")
        _ = try await h.reply("pat-dupont", "oui")
        let list = try await h.ok("waitlist.list", [:])
        #expect(list["items"]?[0]?["patientId"]?.stringValue == "pat-dupont")
        #expect(try await h.sms(to: "+33611000001").last?.contains("nouveau créneau") == true)
    }

    @Test("an absence removed: the patient told otherwise hears the appointment is kept, leaves the waiting list and gets the reminder back")
    func absenceRemoved() async throws {
        let h = try await ReminderHarness(now: "2026-03-02T10:00:00+01:00")
        defer { Task { await h.shutdown() } }
        let id = try await h.book("pat-dupont", "2026-03-05", "10:00")
        let other = try await h.book("pat-petit", "2026-03-05", "11:00")
        let absence = try await h.ok(
            "agenda.addAbsence", ["practitionerId": "dr-martin", "from": paris("2026-03-05", "00:00"), "to": paris("2026-03-06", "00:00")])
        _ = try await h.reply("pat-dupont", "oui") // joins the waiting list
        #expect(try await h.ok("waitlist.list", [:])["items"]?.arrayValue?.count == 1)
        _ = try await h.ok("agenda.removeAbsence", ["absenceId": absence["absence"]?["id"] ?? .null])
        #expect(try await h.status(id) == "booked")
        let kept = try await h.sms(to: "+33611000001")
        #expect(kept.last?.contains("est maintenu") == true, "\(kept)")
        #expect(try await h.ok("waitlist.list", [:])["items"]?.arrayValue?.isEmpty == true)
        let rows = try await h.reminders(id)
        #expect(rows.contains { $0.kind == .reminder && $0.status == .planned && $0.dueAt == instant("2026-03-04T10:00:00+01:00") }, "\(rows)")
        // A notice left unanswered is closed: a later reply no longer answers it.
        #expect(try await h.reminders(other).first { $0.kind == .notice }?.status == .skipped)
        #expect(try await h.sms(to: "+33611000004").last?.contains("est maintenu") == true)
        #expect(try await h.reply("pat-petit", "oui") == nil)
    }

    @Test("the practice cancelling tells the patient; a patient's cancellation by phone does not")
    func practiceCancels() async throws {
        let h = try await ReminderHarness(now: "2026-03-02T08:00:00+01:00")
        defer { Task { await h.shutdown() } }
        let a = try await h.book("pat-dupont", "2026-03-05", "10:00")
        let b = try await h.book("pat-leroy", "2026-03-05", "11:00")
        _ = try await h.ok("agenda.cancel", ["appointmentId": .string(a), "reason": "médecin indisponible", "byPractice": true])
        _ = try await h.ok("agenda.cancel", ["appointmentId": .string(b), "reason": "le patient a appelé"])
        #expect(try await h.sms(to: "+33611000001").count == 1)
        #expect(try await h.sms(to: "+33611000002").isEmpty)
    }

    @Test("a restart plans reminders for booked appointments that have none")
    func planMissing() async throws {
        let h = try await ReminderHarness(now: "2026-03-02T08:00:00+01:00")
        defer { Task { await h.shutdown() } }
        let id = try await h.book("pat-dupont", "2026-03-04", "11:00")
        // As an import leaves an appointment: no reminder, never looked at.
        try await h.host.store.write { db in
            try db.run("DELETE FROM agenda_reminder")
            try db.run("UPDATE agenda_appointment SET reminderConsidered = 0")
        }
        // The worker plans at start-up; planning twice never gives an appointment two reminders.
        for _ in 0..<2 {
            _ = try await h.host.store.write { db in
                try h.plugin.core.followUp.planMissing(
                    from: h.clock.now(), to: h.clock.now().addingTimeInterval(86_400 * 30), practiceId: h.host.practiceId, in: db)
            }
        }
        let rows = try await h.reminders(id)
        #expect(rows.count == 1)
        #expect(Self.local(rows.first) == "2026-03-03 11:00")
    }

    /// A start reads only the appointments no planning has looked at: one looked at (here: whose
    /// reminder was then removed, as one that could get none) is not planned again at the next start.
    @Test("the start-up's planning looks at each appointment once")
    func planMissingLooksOnce() async throws {
        let h = try await ReminderHarness(now: "2026-03-02T08:00:00+01:00")
        defer { Task { await h.shutdown() } }
        let id = try await h.book("pat-dupont", "2026-03-04", "11:00")
        func plan() async throws -> Int {
            try await h.host.store.write { db in
                try h.plugin.core.followUp.planMissing(
                    from: h.clock.now(), to: h.clock.now().addingTimeInterval(86_400 * 30), practiceId: h.host.practiceId, in: db)
            }
        }
        // Looked at (by this planning or the worker's at start): its reminder stands.
        _ = try await plan()
        #expect(try await h.reminders(id).count == 1)
        try await h.host.store.write { db in try db.run("DELETE FROM agenda_reminder") }
        #expect(try await plan() == 0)
        #expect(try await h.reminders(id).isEmpty)
    }

    /// The start-up plans in batches (the worker writes each on the background lane): every batch looks at the next
    /// appointments not yet looked at, until one comes back short.
    @Test("the start-up's planning goes batch by batch")
    func planMissingInBatches() async throws {
        let h = try await ReminderHarness(now: "2026-03-02T08:00:00+01:00")
        defer { Task { await h.shutdown() } }
        let ids = [try await h.book("pat-dupont", "2026-03-04", "11:00"), try await h.book("pat-leroy", "2026-03-05", "11:00")]
        // In one transaction, so that the worker's own planning at start cannot come in between.
        let batches = try await h.host.store.write { db -> [Int] in
            try db.run("DELETE FROM agenda_reminder")
            try db.run("UPDATE agenda_appointment SET reminderConsidered = 0")
            var batches: [Int] = []
            while true {
                let batch = try h.plugin.core.followUp.planMissing(
                    from: h.clock.now(), to: h.clock.now().addingTimeInterval(86_400 * 30), practiceId: h.host.practiceId, limit: 1, in: db)
                batches.append(batch.planned)
                if batch.looked < 1 { break }
            }
            return batches
        }
        #expect(batches == [1, 1, 0])
        for id in ids { #expect(try await h.reminders(id).count == 1) }
    }

    @Test("reminders.list shows reminders of a window with their status")
    func list() async throws {
        let h = try await ReminderHarness(now: "2026-03-02T08:00:00+01:00")
        defer { Task { await h.shutdown() } }
        _ = try await h.book("pat-dupont", "2026-03-04", "11:00")
        _ = try await h.book("pat-leroy", "2026-03-04", "12:00")
        try await h.at("2026-03-03", "11:30")
        let page = try await h.ok("reminders.list", ["from": paris("2026-03-04", "00:00"), "to": paris("2026-03-05", "00:00")])
        #expect(page["items"]?.arrayValue?.compactMap { $0["status"]?.stringValue } == ["sent", "planned"])
        if case .failure(let e) = await h.call("reminders.list", ["from": paris("2026-03-05", "00:00"), "to": paris("2026-03-04", "00:00")]) {
            #expect(e.data?["field"]?.stringValue == "to")
        } else {
            Issue.record("a window ending before it starts was accepted")
        }
    }
}

extension ReminderTests {
    @Test("a patient's erasure takes them off the waiting list and blanks the numbers reminders went to; export shows them first")
    func personalData() async throws {
        let h = try await ReminderHarness(now: "2026-03-02T08:00:00+01:00")
        defer { Task { await h.shutdown() } }
        _ = try await h.ok("waitlist.add", ["patientId": "pat-dupont", "appointmentTypeId": "consultation", "note": "préfère le matin"])
        _ = try await h.book("pat-dupont", "2026-03-04", "11:00")
        try await h.at("2026-03-03", "11:00")
        let subject = PersonalDataSubject(patientId: "pat-dupont", phones: ["+33611000001"], identifiers: [])
        let exported = try await h.host.store.read { db in try h.host.personalData.export(subject, in: db) }
        let mine = exported["remindersAndWaitlist"]
        #expect(mine?["waitlist"]?.arrayValue?.count == 1)
        #expect(mine?["reminders"]?.arrayValue?.count == 1)
        let now = h.clock.now()
        _ = try await h.host.store.write { db in try h.host.personalData.erase(subject, at: now, in: db) }
        #expect(try await h.ok("waitlist.list", [:])["items"]?.arrayValue?.isEmpty == true)
        let after = try await h.host.store.read { db in try h.host.personalData.export(subject, in: db) }
        #expect(after["remindersAndWaitlist"]?["reminders"]?.arrayValue?.isEmpty == true)
    }
}

@Suite struct WaitlistMethodTests {
    @Test("waitlist.add names the field it refuses; waitlist.remove takes an entry off once")
    func methods() async throws {
        let h = try await ReminderHarness(now: "2026-03-02T08:00:00+01:00")
        defer { Task { await h.shutdown() } }
        func field(_ params: JSONValue) async -> String? {
            if case .failure(let e) = await h.call("waitlist.add", params) { return e.data?["field"]?.stringValue }
            return "accepted"
        }
        #expect(await field(["patientId": "pat-dupont", "appointmentTypeId": "consultation", "practitionerIds": ["dr-nobody"]]) == "practitionerIds[0]")
        #expect(await field(["patientId": "pat-dupont", "appointmentTypeId": "vaccination"]) == "appointmentTypeId")
        #expect(await field(["patientId": "pat-dupont", "appointmentTypeId": "consultation", "preferredTimes": ["matin"]]) == "preferredTimes[0]")
        #expect(await field(["patientId": "pat-inconnu", "appointmentTypeId": "consultation"]) == "patientId")
        #expect(await field(["patientId": "pat-dupont", "appointmentTypeId": "consultation", "phone": "12"]) == "phone")
        #expect(
            await field([
                "patientId": "pat-dupont", "appointmentTypeId": "consultation", "earliest": paris("2026-03-10", "00:00"),
                "latest": paris("2026-03-09", "00:00")
            ]) == "latest")
        let entry = try await h.ok("waitlist.add", ["patientId": "pat-dupont", "appointmentTypeId": "consultation", "phone": "06 12 34 56 78"])
        #expect(entry["phone"] == "+33612345678")
        let id = try #require(entry["id"])
        #expect(try await h.ok("waitlist.remove", ["entryId": id])["status"] == "removed")
        if case .failure(let e) = await h.call("waitlist.remove", ["entryId": id]) { #expect(e.code.rawValue == -32009) } else { Issue.record("removed twice") }
        #expect(try await h.ok("waitlist.list", ["status": "all"])["items"]?.arrayValue?.count == 1)
    }
}

@Suite struct PatientReplyTests {
    @Test(arguments: [
        ("OUI", PatientReply.confirm), ("oui merci", .confirm), ("Ok", .confirm), ("CONFIRME", .confirm), ("je confirme, merci", .confirm),
        ("d'accord", .confirm), ("ANNULER", .cancel), ("annulé", .cancel), ("STOP", .stop), ("Arrêt", .stop), ("stop sms", .stop),
        ("non", .decline), ("merci", .other), ("oui mais je serai en retard", .other), ("Qui est-ce ?", .other), ("oui non", .other)
    ])
    func reads(_ text: String, _ expected: PatientReply) {
        #expect(PatientReply(text) == expected)
    }
}

@Suite struct ReminderConfigurationTests {
    @Test("reminders and waitlist keys are checked: unknown keys name the nearest, bad values their path")
    func strict() throws {
        let yaml = ReminderHarness.yaml(
            extra: """
                reminders:
                  alowedHours: "09:00-20:00"
                  daysBefore: 30
                  types: {consultaton: {send: false}}
                  texts: {reminder: "RDV à {heure}"}
                waitlist: {offerMinutes: 2}
                """)
        let doc = try ConfigurationDocument(yaml: yaml)
        let practice = try PracticePlugin(configuration: doc)
        var messages: [String] = []
        do { _ = try AgendaPlugin(configuration: doc, directory: practice.directory) } catch { messages = error.issues.map(\.description) }
        messages += doc.unknownKeyIssues(sections: ["practice", "sites", "practitioners", "reminders", "waitlist"]).map(\.description)
        let all = messages.joined(separator: "\n")
        #expect(all.contains("reminders.daysBefore: expected 0 to 14 days"))
        #expect(all.contains("reminders.types.consultaton") && all.contains("did you mean `consultation`"))
        #expect(all.contains("reminders.texts.reminder: unknown placeholder {heure}"))
        #expect(all.contains("waitlist.offerMinutes"))
        #expect(all.contains("reminders.alowedHours") && all.contains("allowedHours"))
    }

    @Test("the default texts are GSM-7 and one segment with a long practice name")
    func defaults() {
        let texts = PatientTexts()
        for key in PatientTexts.reminderKeys + PatientTexts.waitlistKeys {
            let sms = texts.render(
                key,
                [
                    "practice": "Maison de santé pluriprofessionnelle des Tilleuls", "date": "mercredi 30/09",
                    "time": "18h40", "site": "Centre médical de la Gare", "phone": "04 65 71 00 10", "minutes": "30"
                ])
            #expect(sms.encoding == .gsm7, "\(key)")
            #expect(GSM7.unsupported(SMSText.typographic(texts.values[key]!)).isEmpty, "\(key) would lose its accents")
            #expect(sms.segmentCount == 1, "\(key): \(sms.text)")
        }
    }
}
