/// The bundled example practice: what `serve` runs without `--config`, printed by `config example`.
enum ExamplePractice {
    static let yaml = """
    practice:
      name: Maison de santé des Tilleuls
      timezone: Europe/Paris
      locale: fr-FR
    """
}
