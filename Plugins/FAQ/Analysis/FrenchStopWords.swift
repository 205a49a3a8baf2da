/// French words that carry no meaning for finding an answer, in folded form.
///
/// Articles, pronouns, prepositions, conjunctions, the forms of *être*, *avoir*, *faire*,
/// *pouvoir*, *vouloir*, *devoir*, *aller*, *savoir* and *falloir* a question uses, the
/// elided fragments (`l`, `qu`, `jusqu`…), question words that do not discriminate
/// (`quel`, `comment`, `est-ce`) and politeness and fillers (`bonjour`, `merci`, `svp`, `excusez-moi de
/// vous déranger`, `je voulais juste savoir`), so that a long polite question is not diluted.
///
/// Deliberately kept: `quand`, `combien`, and `où`, which the tokenizer keeps apart from the
/// conjunction `ou` (the conjunction is a stop word).
package enum FrenchStopWords {
    /// The folded stop words.
    package static let words: Set<String> = Set(
        """
        a au aux avec ce ces cet cette c d j l m n s t qu jusqu lorsqu puisqu quoiqu presqu
        dans de des du elle elles en et eux il ils je la le les leur leurs lui ma mais me mes moi
        mon ne nos notre nous on ou par pas pour que qui quoi sa se ses son sur ta te tes toi ton
        tu un une vos votre vous y ci ceci cela ca celui celle ceux celles dont lequel laquelle
        quel quelle quels quelles comment pourquoi est ce si tout tous toute toutes tres plus
        moins aussi bien deja encore alors donc car comme chez vers sous entre apres avant
        pendant depuis ici oui non ni peu trop autre autres quelque quelques chose rien
        etre suis es sommes etes sont serai sera serons serez seront serais serait serions
        seriez seraient etais etait etions etiez etaient fus fut ete soit soient sois
        avoir ai as avons avez ont aurai aura aurons aurez auront aurais aurait aurions auriez
        auraient avais avait avions aviez avaient eu aie ait
        faire fais fait faites faisons font ferai fera ferez ferait fasse
        pouvoir peut peux puis pouvons pouvez peuvent pourrai pourra pourrais pourrait pourriez
        pourrions pu vouloir veux veut voulons voulez veulent voudrais voudrait voudrions
        voudriez devoir dois doit devons devez doivent devrais devrait devrai devra
        aller vais vas va allons allez vont savoir sais sait savez faut faudrait faudra
        aimerais aimerait souhaite souhaiterais souhaiterait dire dites demander renseignement
        renseignements renseigner question besoin possible bonjour bonsoir merci svp stp plait
        madame monsieur mme mr mlle salut allo hello bonne journee
        coucou hey excusez excuse excuser desole desolee deranger derange derangement voulais voulait voudrions
        juste hasard simplement connaitre informer information informations demandais cordialement remercie
        remercier pourriez pouvais appelle appelais concernant propos sujet euh bah ben bref enfin genre vraiment
        normalement quelqu svp stp voila bonjours pardon pardonnez importuner importune embeter embete permets
        pouvait pouvaient devais devait devaient voulaient savais savait cote
        permettre prie exactement directement facilement jamais beaucoup bientot autrement surement
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
}
