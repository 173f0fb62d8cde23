import SluiceReader
import Testing

@testable import SluiceJob

/// The board hands each block to one worker, lets a reader take back the blocks no worker
/// took, and keeps no block's lines once a worker has them.
@Suite struct HelpBoardTests {
    static func block(part: Int) -> LineBlock {
        var block = LineBlock(
            source: InputFile(relativePath: "a", absolutePath: "/a", byteCount: 0), file: 0,
            part: part, fullBytes: 64, fullLines: 4)
        let text = Array("{\"part\":\(part)}".utf8)
        text.withUnsafeBytes {
            block.append(
                LogLine(
                    lineNumber: part, byteOffset: 0, bytes: $0, kind: .complete,
                    isOversized: false))
        }
        return block
    }

    @Test func aBlockTakenByAWorkerIsNoLongerHeldByTheBoard() {
        let board = HelpBoard()
        board.beginReading()
        board.beginHelping()
        let posted = board.post(Self.block(part: 1))
        #expect(posted.holdsLines)
        let taken = board.take()
        #expect(taken === posted)
        let block = taken!.takeBlock()
        #expect(!posted.holdsLines)
        var lines = 0
        block.forEachLine { _ in lines += 1 }
        #expect(lines == 1)
        board.endReading()
    }

    @Test func aReaderTakesBackOnlyTheBlocksNoWorkerTook() {
        let board = HelpBoard()
        board.beginReading()
        board.beginHelping()
        let first = board.post(Self.block(part: 1))
        let second = board.post(Self.block(part: 3))
        #expect(board.take() === first)
        let reclaimed = board.reclaim([first, second])
        #expect(reclaimed.count == 1 && reclaimed.first === second)
        board.endReading()
        #expect(board.take() == nil)
    }
}
