/// Numbers the received days met while walking a run's events, 0, 1, 2 in order of first
/// sight, so that per-day counts and arrays are indexed rather than looked up by hashing.
///
/// Consecutive events mostly share a day (a log file is written in receive order), so the
/// last day's slot is kept and the table is consulted only when the day changes.
struct DaySlots {
    /// The day numbers by slot.
    private(set) var days: [Int64] = []
    private var slotOfDay: [Int64: Int] = [:]
    private var lastDay: Int64 = 0
    private var lastSlot = -1

    /// The slot of `day`, a new one (`days.count` before the call) when it was not met yet.
    mutating func slot(of day: Int64) -> Int {
        if lastSlot >= 0 && day == lastDay { return lastSlot }
        let slot: Int
        if let known = slotOfDay[day] {
            slot = known
        } else {
            slot = days.count
            days.append(day)
            slotOfDay[day] = slot
        }
        (lastDay, lastSlot) = (day, slot)
        return slot
    }
}
