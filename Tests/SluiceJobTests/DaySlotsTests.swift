import Testing

@testable import SluiceJob

@Suite struct DaySlotsTests {
    /// A day met again after others keeps its first slot; new days take the next one.
    @Test func numbersDaysInOrderOfFirstSight() {
        var slots = DaySlots()
        let days: [Int64] = [20_400, 20_400, 20_399, 20_400, -3, 20_399, -3, 20_401]

        #expect(days.map { slots.slot(of: $0) } == [0, 0, 1, 0, 2, 1, 2, 3])
        #expect(slots.days == [20_400, 20_399, -3, 20_401])
    }
}
