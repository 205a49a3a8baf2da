/// A rough French phonetic key, so that words spelt as they sound meet their written form:
/// `nouillen` and `nguyen` both give `nuian`, `rou` and `roux` give `ru`, `benalli` and
/// `benaly` give `benali`, `telefone` and `telephone` give `telefon`.
///
/// Input is a folded word (`FrenchTokenizer`). Rules, applied left to right: `ph`→`f`, `th`→`t`,
/// `qu`/`ck`/`q`/`k`→`k`, `ch`/`sch`/`sh`→`s`, `ill`→`i`, `gn`→`ni`, `ou`/`oo`→`u`, `eau`/`au`→`o`,
/// `ai`/`ei`/`ay`/`ey`→`e`, `c` before `e i y`→`s` else `k`, `g` before `e i y`→`j`, `gu`→`g`,
/// `ng` at the start→`n`, `en`/`em`/`am`→`an`, `in`/`ain`/`ein`/`im`→`in`, `w`→`v`, `z`→`s`, `y`→`i`,
/// `x`→`ks` inside a word, silent `h`, doubled letters once; then silent endings (`s`, `t`, `x`, `d`, `e`,
/// `er`/`ez`/`et`→`e` sound) are dropped.
package enum FrenchPhonetic {
    /// The key of a folded word; empty for an empty word.
    package static func key(_ word: String) -> String {
        let w = Array(word.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(w.count)
        var i = 0
        func at(_ k: Int) -> UInt8 { k < w.count ? w[k] : 0 }
        func emit(_ s: String) { for c in s.utf8 where out.last != c { out.append(c) } }
        while i < w.count {
            let c = w[i]
            let n1 = at(i + 1)
            let n2 = at(i + 2)
            switch c {
            case UInt8(ascii: "p") where n1 == UInt8(ascii: "h"):
                emit("f")
                i += 2
            case UInt8(ascii: "t") where n1 == UInt8(ascii: "h"):
                emit("t")
                i += 2
            case UInt8(ascii: "q"):
                emit("k")
                i += n1 == UInt8(ascii: "u") ? 2 : 1
            case UInt8(ascii: "s") where n1 == UInt8(ascii: "c") && n2 == UInt8(ascii: "h"):
                emit("s")
                i += 3
            case UInt8(ascii: "s") where n1 == UInt8(ascii: "h"):
                emit("s")
                i += 2
            case UInt8(ascii: "c"):
                if n1 == UInt8(ascii: "h") {
                    emit("s")
                    i += 2
                } else if n1 == UInt8(ascii: "k") {
                    emit("k")
                    i += 2
                } else if n1 == UInt8(ascii: "e") || n1 == UInt8(ascii: "i") || n1 == UInt8(ascii: "y") {
                    emit("s")
                    i += 1
                } else {
                    emit("k")
                    i += 1
                }
            case UInt8(ascii: "k"):
                emit("k")
                i += 1
            case UInt8(ascii: "i") where n1 == UInt8(ascii: "l") && n2 == UInt8(ascii: "l"):
                emit("i")
                i += 3
            case UInt8(ascii: "g"):
                if n1 == UInt8(ascii: "n") {
                    emit("ni")
                    i += 2
                } else if n1 == UInt8(ascii: "u") && isVowel(n2) {
                    emit("g")
                    i += 2
                } else if n1 == UInt8(ascii: "e") || n1 == UInt8(ascii: "i") || n1 == UInt8(ascii: "y") {
                    emit("j")
                    i += 1
                } else {
                    emit("g")
                    i += 1
                }
            case UInt8(ascii: "n") where i == 0 && n1 == UInt8(ascii: "g"):
                emit("n")
                i += 2
            case UInt8(ascii: "o") where n1 == UInt8(ascii: "u") || n1 == UInt8(ascii: "o"):
                emit("u")
                i += 2
            case UInt8(ascii: "e") where n1 == UInt8(ascii: "a") && n2 == UInt8(ascii: "u"):
                emit("o")
                i += 3
            case UInt8(ascii: "a") where n1 == UInt8(ascii: "u"):
                emit("o")
                i += 2
            case UInt8(ascii: "a") where n1 == UInt8(ascii: "i") && n2 == UInt8(ascii: "n") && !isVowel(at(i + 3)):
                emit("in")
                i += 3
            case UInt8(ascii: "e") where n1 == UInt8(ascii: "i") && n2 == UInt8(ascii: "n") && !isVowel(at(i + 3)):
                emit("in")
                i += 3
            case UInt8(ascii: "a") where n1 == UInt8(ascii: "i") || n1 == UInt8(ascii: "y"):
                emit("e")
                i += 2
            case UInt8(ascii: "e") where n1 == UInt8(ascii: "i") || n1 == UInt8(ascii: "y"):
                emit("e")
                i += 2
            case UInt8(ascii: "e") where (n1 == UInt8(ascii: "n") || n1 == UInt8(ascii: "m")) && !isVowel(n2) && n2 != n1:
                emit("an")
                i += 2
            case UInt8(ascii: "a") where n1 == UInt8(ascii: "m") && !isVowel(n2) && n2 != n1:
                emit("an")
                i += 2
            case UInt8(ascii: "i") where n1 == UInt8(ascii: "m") && !isVowel(n2) && n2 != n1:
                emit("in")
                i += 2
            case UInt8(ascii: "h"): i += 1
            case UInt8(ascii: "w"):
                emit("v")
                i += 1
            case UInt8(ascii: "z"):
                emit("s")
                i += 1
            case UInt8(ascii: "y"):
                emit("i")
                i += 1
            case UInt8(ascii: "x") where i + 1 < w.count:
                emit("ks")
                i += 1
            default:
                emit(String(UnicodeScalar(c)))
                i += 1
            }
        }
        // Silent endings.
        if out.count > 2, let last = out.last, [UInt8(ascii: "r"), UInt8(ascii: "z"), UInt8(ascii: "t")].contains(last),
            out[out.count - 2] == UInt8(ascii: "e")
        {
            out.removeLast()
        }
        while out.count > 2, let last = out.last,
            [UInt8(ascii: "s"), UInt8(ascii: "t"), UInt8(ascii: "x"), UInt8(ascii: "d"), UInt8(ascii: "e")].contains(last)
        {
            out.removeLast()
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func isVowel(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "a"), UInt8(ascii: "e"), UInt8(ascii: "i"), UInt8(ascii: "o"), UInt8(ascii: "u"), UInt8(ascii: "y"): true
        default: false
        }
    }
}
