import Practice
import Testing

@testable import KPI

@Suite struct StaffingTests {
    let monday = LocalDate(year: 2026, month: 3, day: 2)!

    @Test func planHoursAndFullTimeEquivalents() {
        let staffing = Staffing(averageHandleTimeSeconds: 180, shrinkage: Shrinkage(0.3))
        let volumes = [
            Staffing.Volume(interval: IntervalKey(date: monday, minuteOfDay: 540), calls: 100), // 14 raw → 20
            Staffing.Volume(interval: IntervalKey(date: monday, minuteOfDay: 510), calls: 0), // 0 → 0
            Staffing.Volume(interval: IntervalKey(date: monday.adding(days: 6), minuteOfDay: 540), calls: 100)
        ]
        let plan = staffing.plan(volumes)
        #expect(plan.requirements.map(\.rawAgents) == [0, 14, 14])
        #expect(plan.requirements.map(\.scheduledAgents) == [0, 20, 20])
        #expect((plan.requirements[1].serviceLevel * 1000).rounded() == 888)
        #expect(plan.periodDays == 7)
        #expect(plan.rawAgentHours == 14) // (14 + 14) · 0.5 h
        #expect(plan.scheduledAgentHours == 20) // (20 + 20) · 0.5 h
        #expect(plan.fullTimeEquivalents() == 20.0 / 35.0) // 20 h over one week of 35 h
    }

    @Test(arguments: [(35.0, 7, 35.0, 1.0), (70, 7, 35, 2), (5, 1, 35, 1), (151.67, 30, 35, 151.67 / 150), (0, 0, 35, 0)])
    func fullTimeEquivalents(hours: Double, days: Int, contract: Double, expected: Double) {
        #expect(abs(Staffing.fullTimeEquivalents(hours: hours, periodDays: days, contractHoursPerWeek: contract) - expected) < 1e-12)
    }

    @Test func erlangAModelNeedsNoMoreThanErlangC() {
        let volume = Staffing.Volume(interval: IntervalKey(date: monday, minuteOfDay: 540), calls: 100)
        let c = Staffing(averageHandleTimeSeconds: 180).requirement(for: volume)
        let a = Staffing(averageHandleTimeSeconds: 180, model: .erlangA(patienceSeconds: 60)).requirement(for: volume)
        #expect(a.rawAgents <= c.rawAgents)
        #expect(a.serviceLevel >= 0.8)
    }

    @Test func dimensioningFlagsGaps() {
        let staffing = Staffing(averageHandleTimeSeconds: 180)
        let k1 = IntervalKey(date: monday, minuteOfDay: 540)
        let k2 = IntervalKey(date: monday, minuteOfDay: 570)
        let k3 = IntervalKey(date: monday, minuteOfDay: 600)
        let k4 = IntervalKey(date: monday, minuteOfDay: 630)
        let plan = staffing.plan([.init(interval: k1, calls: 100), .init(interval: k2, calls: 100), .init(interval: k3, calls: 100)])
        let d = Dimensioning(plan: plan, scheduled: [k1: 18, k2: 20, k3: 22, k4: 1], overstaffTolerance: 1)
        #expect(d.rows.map(\.status) == [.understaffed, .covered, .overstaffed, .covered]) // k4: gap 1 ≤ tolerance 1
        #expect(d.rows.map(\.gap) == [-2, 0, 2, 1])
        #expect(d.missingAgentHours == 1) // 2 agents · 0.5 h
        #expect(d.surplusAgentHours == 1.5) // (2 + 1) · 0.5 h
        #expect(d.understaffed.map(\.interval) == [k1])
    }
}
