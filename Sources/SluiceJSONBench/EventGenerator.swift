/// SplitMix64 (Steele, Lea and Flood, 2014): a tiny seeded generator, so every run of the
/// benchmark parses the same bytes.
struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    mutating func pick<T>(_ choices: [T]) -> T { choices[below(choices.count)] }
}

/// Builds Segment-spec `track` events of 1-2 KB with about 40 leaf fields, nested
/// `context`, a `products` array, and in about one line in ten non-ASCII text and escapes.
struct EventGenerator {
    var random: SplitMix64

    init(seed: UInt64) { random = SplitMix64(state: seed) }

    mutating func uuid() -> String {
        let hex = Array("0123456789abcdef")
        let groups = [8, 4, 4, 4, 12]
        return groups.map { count in
            String((0..<count).map { _ in hex[random.below(16)] })
        }.joined(separator: "-")
    }

    mutating func timestamp() -> String {
        let day = 1 + random.below(28)
        let (h, m, s, ms) = (
            random.below(24), random.below(60), random.below(60), random.below(1000)
        )
        return "2026-11-\(pad(day, 2))T\(pad(h, 2)):\(pad(m, 2)):\(pad(s, 2)).\(pad(ms, 3))Z"
    }

    private func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    mutating func product() -> String {
        let name = random.pick([
            "Monopoly: 3rd Edition", "Uno Card Game", "Settlers of Catan",
            "Ticket to Ride", "Pandemic Legacy", "Carcassonne",
        ])
        let price = "\(random.below(90) + 9).\(pad(random.below(100), 2))"
        return """
            {"product_id":"\(uuid())","sku":"G-\(random.below(99_999))","name":"\(name)",\
            "price":\(price),"quantity":\(1 + random.below(4)),"category":"Games",\
            "url":"https://www.example.com/product/path","image_url":"https://www.example.com/product/path.jpg"}
            """
    }

    mutating func event() -> String {
        let fancy = random.below(10) == 0
        let city =
            fancy ? "M\u{FC}nchen \u{1F3B2}" : random.pick(["San Francisco", "Amsterdam", "Lyon"])
        let title = fancy ? "Say \\\"hi\\\" \\u00e9t\\u00e9 \\ud83d\\ude00" : "Analytics Academy"
        let products = (0..<(1 + random.below(3))).map { _ in product() }.joined(separator: ",")
        let context = """
            {"active":true,"app":{"build":"3.\(random.below(9)).1","name":"Example","namespace":"com.example.app","version":"3.2"},\
            "campaign":{"name":"TPS Innovation Newsletter","source":"Newsletter","medium":"email","term":"tps reports","content":"image link"},\
            "device":{"id":"\(uuid())","advertisingId":"\(uuid())","adTrackingEnabled":\(random.below(2) == 0),"manufacturer":"Apple","model":"iPhone7,2","type":"ios"},\
            "ip":"203.0.113.\(random.below(256))","library":{"name":"analytics.js","version":"2.11.1"},"locale":"en-US",\
            "location":{"city":"\(city)","country":"United States","latitude":40.\(random.below(9_999_999)),"longitude":-76.\(random.below(9_999_999)),"speed":0},\
            "network":{"bluetooth":false,"carrier":"T-Mobile US","cellular":true,"wifi":false},"os":{"name":"iPhone OS","version":"8.1.3"},\
            "page":{"path":"/academy/","referrer":"","search":"","title":"\(title)","url":"https://segment.com/academy/"},\
            "screen":{"width":320,"height":568,"density":2},"timezone":"Europe/Amsterdam",\
            "userAgent":"Mozilla/5.0 (iPhone; CPU iPhone OS 9_1 like Mac OS X) AppleWebKit/601.1.46 (KHTML, like Gecko) Version/9.0 Mobile/13B143 Safari/601.1"}
            """
        return """
            {"anonymousId":"\(uuid())","context":\(context),"event":"Order Completed",\
            "integrations":{"All":true,"Mixpanel":false},"messageId":"ajs-\(uuid())",\
            "originalTimestamp":"\(timestamp())","properties":{"order_id":"\(uuid())",\
            "total":\(random.below(300)).5,"revenue":25.0,"shipping":3,"tax":2.\(random.below(99)),"discount":2.5,\
            "coupon":"hasbros","currency":"USD","products":[\(products)]},"receivedAt":"\(timestamp())",\
            "sentAt":"\(timestamp())","timestamp":"\(timestamp())","type":"track","userId":"user-\(random.below(1_000_000))","version":2}
            """
    }
}
