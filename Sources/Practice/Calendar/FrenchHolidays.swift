/// The public holidays of France (*jours fériés*), computed for any year from 1583 on.
///
/// The 11 national holidays: Jour de l'an (1 Jan), Lundi de Pâques, Fête du Travail (1 May),
/// Fête de la Victoire (8 May), Ascension (Easter + 39), Lundi de Pentecôte (Easter + 50),
/// Fête nationale (14 Jul), Assomption (15 Aug), Toussaint (1 Nov), Armistice (11 Nov),
/// Noël (25 Dec). Alsace-Moselle (Bas-Rhin, Haut-Rhin, Moselle) adds Vendredi saint (Good
/// Friday) and Saint-Étienne (26 Dec). Movable feasts come from the Gregorian Easter computus;
/// there is no table. Names match the French names of the Python `holidays` package.
package enum FrenchHolidays {
    /// Easter Sunday of `year` (anonymous Gregorian algorithm, Meeus/Jones/Butcher).
    package static func easterSunday(year: Int) -> LocalDate {
        let a = year % 19
        let b = year / 100
        let c = year % 100
        let d = b / 4
        let e = b % 4
        let f = (b + 8) / 25
        let g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4
        let k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return LocalDate(year: year, month: month, day: day)!
    }

    /// The holidays of `year`, sorted by date; with `alsaceMoselle`, also Good Friday and 26 December.
    package static func holidays(year: Int, alsaceMoselle: Bool = false) -> [Holiday] {
        let easter = easterSunday(year: year)
        func fixed(_ month: Int, _ day: Int, _ name: String) -> Holiday {
            Holiday(date: LocalDate(year: year, month: month, day: day)!, name: name)
        }
        func movable(_ offset: Int, _ name: String) -> Holiday {
            Holiday(date: easter.adding(days: offset), name: name)
        }
        var result = [
            fixed(1, 1, "Jour de l'an"),
            movable(1, "Lundi de Pâques"),
            fixed(5, 1, "Fête du Travail"),
            fixed(5, 8, "Fête de la Victoire"),
            movable(39, "Ascension"),
            movable(50, "Lundi de Pentecôte"),
            fixed(7, 14, "Fête nationale"),
            fixed(8, 15, "Assomption"),
            fixed(11, 1, "Toussaint"),
            fixed(11, 11, "Armistice"),
            fixed(12, 25, "Noël")
        ]
        if alsaceMoselle {
            result.append(movable(-2, "Vendredi saint"))
            result.append(fixed(12, 26, "Saint-Étienne"))
        }
        // 1 May and 8 May can coincide with Ascension; keep both, ordered by date then name.
        return result.sorted { ($0.date, $0.name) < ($1.date, $1.name) }
    }

    /// The holiday on `date`, if any (the first by name when two fall on the same day).
    package static func holiday(on date: LocalDate, alsaceMoselle: Bool = false) -> Holiday? {
        guard isHoliday(date, alsaceMoselle: alsaceMoselle) else { return nil }
        return holidays(year: date.year, alsaceMoselle: alsaceMoselle).first { $0.date == date }
    }

    /// Whether `date` is a holiday, by arithmetic alone (schedules ask this for every day they expand).
    package static func isHoliday(_ date: LocalDate, alsaceMoselle: Bool = false) -> Bool {
        switch (date.month, date.day) {
        case (1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25): return true
        case (12, 26): return alsaceMoselle
        case (3...6, _):
            switch date.daysSince1970 - easterSunday(year: date.year).daysSince1970 {
            case 1, 39, 50: return true
            case -2: return alsaceMoselle
            default: return false
            }
        default: return false
        }
    }
}
