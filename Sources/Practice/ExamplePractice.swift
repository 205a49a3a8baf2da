/// The bundled example practice: a realistic French group practice, fictitious from end to end.
///
/// `permanence serve` runs it when no `--config` is given and `permanence config example` prints it.
/// Tests of every module load it, so it must stay valid.
package enum ExamplePractice {
    package static let yaml = #"""
        # Permanence — bundled example practice
        #
        # `permanence serve` without --config runs this practice, and `permanence config example`
        # prints it. Everything here is fictitious: the town, the people, the addresses. Telephone
        # numbers use the ranges ARCEP reserves for fiction (04 65 71 xx xx, 06 39 98 xx xx), and every
        # URL points at 127.0.0.1 port 9 (discard), so the example never reaches a real host.
        #
        # Conventions used throughout (see Docs/configuration.md for the full reference):
        #   - ids are lower-case ASCII with dashes (`dr-martin`, `premiere-consultation`);
        #   - local times are "HH:mm" and time ranges "HH:mm-HH:mm", always quoted (YAML 1.1 would
        #     otherwise read 20:00 as the number 1200);
        #   - local dates are "YYYY-MM-DD", quoted; instants are RFC 3339 with an offset;
        #   - weekdays are english lower-case keys: monday … sunday; a missing day means closed;
        #   - texts for patients, secretaries and practitioners are in French (the practice's locale);
        #     keys and comments are in English.

        # ---------------------------------------------------------------------------------------------
        # practice: identity, locale, time zone, public holidays, insurance, closures.
        # The time zone drives every local rule (opening hours, schedules, on-call handoff) and is
        # applied per local date, so daylight-saving days are right.
        # ---------------------------------------------------------------------------------------------
        practice:
          id: msp-tilleuls                      # names the practice when one server answers for several
          name: Maison de santé pluriprofessionnelle des Tilleuls
          shortName: MSP Tilleuls              # used in SMS, where every character counts
          timezone: Europe/Paris
          locale: fr-FR
          phone: "+33465710010"
          numbers: ["+33465710010"]             # what patients dial that forwards to the answering service
          fax: "+33465710019"
          email: secretariat@msp-tilleuls.example
          website: https://msp-tilleuls.example
          holidays: france                      # the 11 national jours fériés (alsace-moselle adds 2)
          insurance:
            conventionnement: secteur 1         # tarifs de la Sécurité sociale, no dépassements for GPs
            tiersPayant: partiel                # intégral | partiel | aucun — see the FAQ for details
            carteVitale: true                   # the Vitale card reader is available at both sites
            mutuelles: true                     # tiers payant on the complementary part for most mutuelles
          specialties: [médecine générale, pédiatrie, maïeutique (sage-femme)]
          services:
            - Consultations de médecine générale, avec ou sans rendez-vous pour les urgences du jour
            - Suivi des enfants et examens obligatoires du nourrisson
            - Vaccinations (grippe, Covid, calendrier vaccinal de l'enfant)
            - Suivi de grossesse, préparation à la naissance, rééducation périnéale
            - Téléconsultation pour les patients suivis
            - Certificats de sport
          closures:                             # whole practice unless `site` is given; dates inclusive
            - {from: "2027-05-07", to: "2027-05-08", reason: Pont de l'Ascension}
            - {from: "2027-08-09", to: "2027-08-22", reason: Fermeture estivale de l'antenne, site: chenes}
          # exceptionalOpenings: dated hours replacing the usual ones (an empty list closes the day),
          # winning over holidays and closures; e.g.
          #   - {date: "2027-05-08", ranges: ["09:00-12:00"], site: centre, reason: Permanence du samedi}

        # ---------------------------------------------------------------------------------------------
        # sites: where patients are seen. `phoneHours` are the hours the practice's own desk answers;
        # outside them calls are in "closed" mode (see messaging). Lunch closures are the gaps
        # between ranges.
        # ---------------------------------------------------------------------------------------------
        sites:
          - id: centre
            name: Maison de santé des Tilleuls (centre-ville)
            address:
              street: 12 avenue des Tilleuls
              postalCode: "26410"
              city: Villeneuve-sur-Lauze
              country: FR
            access:
              transit: Tram T1, arrêt « Tilleuls – Mairie » (2 min à pied) ; bus 4 et 7, arrêt « Place du Marché ».
              parking: Parking gratuit de la mairie (45 places, limité à 2 h) ; 2 places réservées PMR devant l'entrée.
              accessibility: Rez-de-chaussée de plain-pied, porte automatique, toilettes adaptées, boucle magnétique à l'accueil.
              notes: Entrée par la cour intérieure, sonnette « Maison de santé ».
            phoneHours:
              monday:    ["08:00-12:30", "13:30-19:00"]
              tuesday:   ["08:00-12:30", "13:30-19:00"]
              wednesday: ["08:00-12:30", "13:30-19:00"]
              thursday:  ["08:00-12:30", "13:30-19:00"]
              friday:    ["08:00-12:30", "13:30-18:30"]
              saturday:  ["08:30-12:00"]
          - id: chenes
            name: Antenne des Chênes (quartier des Chênes)
            address:
              street: 3 rue Jean-Moulin, résidence Les Chênes, bâtiment B
              postalCode: "26410"
              city: Villeneuve-sur-Lauze
              country: FR
            access:
              transit: Bus 2, arrêt « Les Chênes » (terminus) ; le tram ne dessert pas le quartier.
              parking: Parking de la résidence, places visiteurs au pied du bâtiment B.
              accessibility: Cabinet au 1er étage avec ascenseur ; place PMR devant le bâtiment B.
            phoneHours:
              monday:    ["08:30-12:00", "14:00-18:30"]
              tuesday:   ["08:30-12:00", "14:00-18:30"]
              wednesday: ["08:30-12:00"]
              thursday:  ["08:30-12:00", "14:00-18:30"]
              friday:    ["08:30-12:00", "14:00-18:00"]

        # ---------------------------------------------------------------------------------------------
        # practitioners: who sees patients, where and when, and what can be booked with them.
        #   schedule:        per site, per weekday, local time ranges (gaps are lunch breaks)
        #   appointmentTypes: minutes, audience (new | existing | all), capacity (group slots),
        #                    bookableBy (roles allowed to book; default everyone who may book),
        #                    releaseHoursBefore (a restricted slot opens to everyone this long before),
        #                    minNoticeMinutes, horizonDays, bufferMinutes, stepMinutes, mode
        #   reservedBlocks:  recurring time kept for some types only (urgent slots)
        #   exceptions:      dated changes to the schedule (closed day, different hours)
        # ---------------------------------------------------------------------------------------------
        # Practitioners' mobiles are in the fictional range 06 39 98 12 0x, written "+3363998120x"
        # (E.164). Written nationally, 06 39 … is Mayotte's block (+262 639 …); a reply sent or typed in
        # either form still matches the practitioner: numbers of the French plan are compared by their
        # 9-digit national number.
        practitioners:
          - id: dr-martin
            name: Dr Claire Martin
            specialty: médecine générale
            mobile: "+33639981201"
            acceptsNewPatients: false           # patientèle complète: no new médecin traitant requests
            schedule:
              centre:
                monday:   ["08:30-12:00", "14:00-19:00"]
                tuesday:  ["08:30-12:00", "14:00-19:00"]
                thursday: ["08:30-12:00", "14:00-19:00"]
                friday:   ["08:30-12:00", "14:00-18:00"]
                saturday: ["09:00-12:00"]       # the Saturday morning
            appointmentTypes:
              - {id: consultation, label: Consultation, minutes: 20}
              - {id: suivi-chronique, label: Suivi de maladie chronique, minutes: 30, audience: existing}
              - {id: teleconsultation, label: Téléconsultation, minutes: 15, mode: video, audience: existing}
              - {id: urgence, label: Urgence du jour, minutes: 20, bookableBy: [staff], releaseHoursBefore: 2}
            reservedBlocks:
              - {site: centre, days: [monday, thursday], time: "11:30-12:00", types: [urgence]}
              - {site: centre, days: [tuesday], time: "18:20-19:00", types: [urgence]}
            exceptions:
              - {date: "2026-12-31", site: centre, ranges: ["08:30-12:00"]}     # afternoon off
              - {date: "2027-02-15", closed: true}                              # formation (DPC)

          - id: dr-benali
            name: Dr Karim Benali
            specialty: médecine générale
            mobile: "+33639981202"
            acceptsNewPatients: true
            schedule:
              centre:
                tuesday:   ["09:00-12:30", "14:30-20:30"]   # the late evening
                wednesday: ["08:30-12:30", "14:00-19:00"]
                friday:    ["08:30-12:30"]
              chenes:
                monday:    ["08:30-12:00", "14:00-18:30"]
                thursday:  ["08:30-12:00", "14:00-18:30"]
            appointmentTypes:
              - {id: consultation, label: Consultation, minutes: 20}
              - {id: premiere-consultation, label: Première consultation (nouveau patient), minutes: 40, audience: new, minNoticeMinutes: 1440}
              - {id: certificat-sport, label: Certificat de non contre-indication au sport, minutes: 20, horizonDays: 60}
              - {id: teleconsultation, label: Téléconsultation, minutes: 15, mode: video, audience: existing}
              - {id: urgence, label: Urgence du jour, minutes: 20, bookableBy: [staff], releaseHoursBefore: 2}
            reservedBlocks:
              - {site: centre, days: [tuesday, wednesday], time: "17:00-17:40", types: [urgence]}
              - {site: chenes, days: [monday], time: "11:20-12:00", types: [urgence]}

          - id: dr-roux
            name: Dr Émilie Roux
            specialty: médecine générale
            mobile: "+33639981203"
            acceptsNewPatients: true
            schedule:
              chenes:
                tuesday:   ["08:30-12:00", "14:00-18:30"]
                friday:    ["08:30-12:00", "14:00-18:00"]
              centre:
                monday:    ["08:30-12:00"]
                wednesday: ["08:30-12:00", "13:30-18:00"]
                thursday:  ["14:00-19:00"]
            appointmentTypes:
              - {id: consultation, label: Consultation, minutes: 20, bufferMinutes: 5}
              - {id: premiere-consultation, label: Première consultation (nouveau patient), minutes: 40, audience: new}
              - {id: frottis, label: Frottis / suivi gynécologique, minutes: 30}
              - {id: vaccination, label: "Séance de vaccination (grippe, Covid)", minutes: 15, capacity: 3, stepMinutes: 15, horizonDays: 30}
              - {id: urgence, label: Urgence du jour, minutes: 20, bookableBy: [staff], releaseHoursBefore: 2}
            reservedBlocks:
              - {site: chenes, days: [tuesday, friday], time: "11:20-12:00", types: [urgence]}
              - {site: centre, days: [wednesday], time: "16:00-17:00", types: [vaccination]}
            exceptions:
              - {date: "2027-01-06", site: centre, ranges: ["08:30-12:00", "13:30-16:00"]}

          - id: dr-nguyen
            name: Dr Thomas Nguyen
            specialty: pédiatrie
            mobile: "+33639981204"
            acceptsNewPatients: true
            schedule:
              centre:
                monday:    ["09:00-12:30", "14:00-18:30"]
                wednesday: ["09:00-12:30", "14:00-18:30"]
                saturday:  ["09:00-12:00"]
              chenes:
                thursday:  ["09:00-12:30"]
            appointmentTypes:
              - {id: consultation, label: Consultation pédiatrique, minutes: 20}
              - {id: premiere-consultation, label: Première consultation (nouveau patient), minutes: 30, audience: new}
              - {id: examen-obligatoire, label: "Examen obligatoire du nourrisson (8e jour, 9e, 24e mois…)", minutes: 30}
              - {id: vaccination, label: Vaccination de l'enfant, minutes: 15, capacity: 3, stepMinutes: 15}
              - {id: urgence, label: Urgence pédiatrique du jour, minutes: 20, bookableBy: [staff], releaseHoursBefore: 2, minNoticeMinutes: 0}
            reservedBlocks:
              - {site: centre, days: [monday, wednesday], time: "17:50-18:30", types: [urgence]}

          - id: sf-lefebvre
            name: Julie Lefebvre
            specialty: sage-femme
            mobile: "+33639981205"
            acceptsNewPatients: true
            schedule:
              chenes:
                monday:    ["09:00-12:30", "14:00-18:00"]
                wednesday: ["09:00-12:00"]
              centre:
                thursday:  ["09:00-12:30", "14:00-18:00"]
            appointmentTypes:
              - {id: consultation, label: Consultation sage-femme, minutes: 30}
              - {id: suivi-grossesse, label: Suivi de grossesse, minutes: 30}
              - {id: reeducation-perineale, label: Rééducation périnéale, minutes: 30, audience: existing, bufferMinutes: 10}
              - {id: preparation-naissance, label: Préparation à la naissance (séance collective), minutes: 90, capacity: 6}
            exceptions:
              - {date: "2026-12-23", closed: true}

        # ---------------------------------------------------------------------------------------------
        # faq: the practice's own answers, searched by the secretary while on the call. `questions`
        # are the phrasings patients actually use (they feed the search); `answer` is read out as is;
        # `site` restricts an entry to one site.
        # ---------------------------------------------------------------------------------------------
        faq:
          - id: parking-centre
            site: centre
            questions:
              - Où est-ce que je peux me garer ?
              - Il y a un parking près de la maison de santé ?
              - Le parking est payant ?
            answer: >-
              Le parking de la mairie, juste en face, est gratuit et limité à 2 heures. Deux places
              réservées aux personnes handicapées se trouvent devant l'entrée. Le tram T1 s'arrête à
              « Tilleuls – Mairie », à deux minutes à pied.
          - id: parking-chenes
            site: chenes
            questions:
              - Où se garer aux Chênes ?
              - Il y a de la place pour stationner à l'antenne ?
            answer: >-
              Vous pouvez utiliser les places visiteurs de la résidence, au pied du bâtiment B. Le
              bus 2 s'arrête à « Les Chênes », son terminus.
          - id: certificat-sport
            questions:
              - Il me faut un certificat médical pour le sport
              - C'est pour un certificat pour le club de foot
              - Vous faites les certificats de non contre-indication ?
            answer: >-
              Le certificat de sport demande une consultation : le médecin doit vous examiner. Prenez
              rendez-vous pour un « certificat de sport » et apportez le formulaire du club s'il en a
              un. Pour les mineurs, un questionnaire de santé suffit souvent : vérifiez auprès du club.
          - id: teleconsultation
            questions:
              - Est-ce que je peux faire une téléconsultation ?
              - Le docteur fait des consultations en vidéo ?
              - Je peux consulter à distance ?
            answer: >-
              Oui, les Drs Martin et Benali proposent des téléconsultations aux patients déjà suivis
              au cabinet. Vous recevrez un lien par SMS quelques minutes avant le rendez-vous. Il faut
              un téléphone ou un ordinateur avec caméra. Elle est remboursée comme une consultation.
          - id: resultats-analyses
            questions:
              - Je voudrais avoir mes résultats d'analyses
              - Le laboratoire a envoyé mes résultats ?
              - Vous pouvez me lire mes résultats de prise de sang ?
            answer: >-
              Nous ne donnons aucun résultat par téléphone. Le laboratoire les envoie au médecin, qui
              vous rappelle si quelque chose doit être fait rapidement. Sinon, ils seront commentés à
              votre prochain rendez-vous. Vous pouvez aussi les consulter sur le site du laboratoire.
          - id: prise-de-sang
            questions:
              - Est-ce qu'on fait les prises de sang au cabinet ?
              - Où est-ce que je peux faire ma prise de sang ?
              - Il faut être à jeun ?
            answer: >-
              Les prises de sang ne se font pas au cabinet. Le laboratoire de la place du Marché
              prélève sans rendez-vous de 7 h à 11 h 30 du lundi au samedi, et des infirmières peuvent
              venir à domicile sur ordonnance. Le laboratoire vous dira s'il faut être à jeun.
          - id: retard
            questions:
              - Je vais être en retard
              - J'ai un peu de retard, est-ce que le docteur peut quand même me prendre ?
              - Je suis coincé dans les bouchons
            answer: >-
              Merci de prévenir. Au-delà de 10 minutes de retard, le médecin peut ne pas pouvoir vous
              recevoir sans décaler les patients suivants : je préviens le cabinet, et si besoin nous
              vous proposons un autre rendez-vous.
          - id: annulation
            questions:
              - Je dois annuler mon rendez-vous
              - Je ne pourrai pas venir demain
              - Comment je fais pour déplacer mon rendez-vous ?
            answer: >-
              Je peux annuler ou déplacer votre rendez-vous tout de suite. Merci d'annuler au moins
              24 heures à l'avance quand c'est possible : le créneau pourra être donné à un autre
              patient.
          - id: documents
            questions:
              - Qu'est-ce que je dois apporter ?
              - Il faut venir avec quels papiers ?
              - C'est ma première fois chez vous, il faut quoi ?
            answer: >-
              Apportez votre carte Vitale (ou l'appli carte Vitale), votre carte de mutuelle, vos
              ordonnances et traitements en cours, vos derniers résultats d'examens et, pour un enfant,
              son carnet de santé.
          - id: acces-handicap
            questions:
              - Le cabinet est accessible en fauteuil roulant ?
              - Ma mère a du mal à marcher, est-ce qu'il y a des escaliers ?
              - Il y a un accès pour les personnes handicapées ?
            answer: >-
              Le cabinet du centre-ville est de plain-pied, avec porte automatique et toilettes
              adaptées. L'antenne des Chênes est au 1er étage, avec ascenseur. Des places de parking
              réservées se trouvent devant les deux entrées. Si le déplacement est impossible, dites-le
              moi : le médecin pourra envisager une visite à domicile.
          - id: animaux
            questions:
              - Je peux venir avec mon chien ?
              - Les animaux sont acceptés dans la salle d'attente ?
            answer: >-
              Les animaux ne sont pas admis dans la maison de santé, sauf les chiens guides et
              d'assistance, qui sont toujours les bienvenus.
          - id: paiement
            questions:
              - Vous prenez la carte bleue ?
              - On peut payer en espèces ?
              - Vous acceptez les chèques ?
            answer: >-
              Vous pouvez régler par carte bancaire, sans contact compris, ou en espèces. Les chèques
              ne sont plus acceptés. Avec votre carte Vitale, le tiers payant s'applique à la part de
              l'Assurance maladie pour les patients qui y ont droit.
          - id: depassements
            questions:
              - Est-ce qu'il y a des dépassements d'honoraires ?
              - Combien coûte la consultation ?
              - Vous êtes conventionnés ?
            answer: >-
              Tous les médecins de la maison de santé sont conventionnés en secteur 1 : ils
              appliquent les tarifs de la Sécurité sociale, sans dépassement d'honoraires. La
              consultation de médecine générale est remboursée par l'Assurance maladie et votre mutuelle.
          - id: vaccins
            questions:
              - Je voudrais me faire vacciner contre la grippe
              - Vous faites les vaccins des enfants ?
              - Il faut une ordonnance pour le vaccin ?
            answer: >-
              Des séances de vaccination ont lieu le mercredi après-midi au centre-ville avec le
              Dr Roux, et le Dr Nguyen vaccine les enfants. Pour la grippe, achetez le vaccin en
              pharmacie avec le bon de l'Assurance maladie et apportez-le au rendez-vous.
          - id: ordonnance-renouvellement
            questions:
              - J'ai besoin de renouveler mon ordonnance
              - Je n'ai plus de médicaments
              - Le docteur peut me refaire mon ordonnance sans rendez-vous ?
            answer: >-
              Une ordonnance se renouvelle en principe en consultation. Si votre traitement va
              manquer, je transmets une demande au médecin, qui décide s'il la renouvelle ou vous
              propose un rendez-vous. En attendant, votre pharmacien peut parfois vous dépanner pour
              un traitement chronique.
          - id: urgences-nuit
            questions:
              - Qui appeler la nuit si c'est urgent ?
              - Le week-end il y a un médecin de garde ?
              - Le cabinet est fermé, comment je fais ?
            answer: >-
              En cas d'urgence vitale, appelez le 15 ou le 112 (ou envoyez un SMS au 114 si vous êtes
              sourd ou malentendant). La nuit, le week-end et les jours fériés, pour un besoin médical
              qui ne peut pas attendre, appelez le 116 117 : il vous oriente vers le médecin de garde.
              Pour un médicament, la pharmacie de garde est indiquée sur le 3237.
          - id: nouveau-patient
            questions:
              - Est-ce que le docteur prend de nouveaux patients ?
              - Je cherche un médecin traitant
            answer: >-
              Le Dr Martin ne prend plus de nouveaux patients. Les Drs Benali et Roux acceptent de
              nouveaux patients : une première consultation de 40 minutes permet de faire
              connaissance et de déclarer le médecin traitant.

        # ---------------------------------------------------------------------------------------------
        # triage: decision trees the secretary walks with the caller. Each protocol starts at
        # `start`; a node is either a question {question, choices: [{label, next, vital?}], help?} or an
        # outcome {outcome: {action, script, urgency?, number?}}. A choice marked `vital: true` is a
        # vital sign: every path from it must end at a `samu` outcome. `callbackKind:
        # prescriptionRenewal` makes a protocol's message and urgent-sms outcomes the patient's one
        # renewal request in the callback queue (the same as messaging.prescriptionRenewal). Actions:
        #   samu         vital emergency: the caller hangs up and dials 15 / 112 (never a callback)
        #   page-oncall  alert the practitioner on call now (escalation.routes.page-oncall)
        #   urgent-sms   urgent message + SMS to the patient's practitioner
        #   transfer     transfer the call (or give the number) to `number`
        #   message      a callback in the secretaries' queue (messaging.list)
        #   book-urgent  book a staff-only urgent slot
        # The configuration check rejects unknown targets, dead ends, cycles and unknown actions,
        # and warns about unreachable nodes.
        # ---------------------------------------------------------------------------------------------
        triage:
          - id: urgence
            title: Appel pour une urgence
            start: q-urgence
            nodes:
              q-urgence:
                question: Appelez-vous au sujet d'une urgence ?
                choices:
                  - {label: Oui, next: q-detresse}
                  - {label: Non, next: message-simple}
              q-detresse:
                question: >-
                  La personne a-t-elle en ce moment l'un de ces signes : douleur dans la poitrine,
                  difficulté à respirer, perte de connaissance, paralysie ou difficulté soudaine à
                  parler, saignement abondant, convulsions ?
                help: Au moindre doute, répondre Oui. Ne pas poser d'autre question.
                choices:
                  - {label: Oui, next: samu, vital: true}
                  - {label: Non, next: q-attendre}
                  - {label: Je ne sais pas, next: samu, vital: true}
              q-attendre:
                question: Cela peut-il attendre les heures d'ouverture du cabinet ?
                choices:
                  - {label: Oui, next: message-prioritaire}
                  - {label: Non, next: medecin-de-garde}
              samu:
                outcome:
                  action: samu
                  number: "15"
                  urgency: urgent
                  script: >-
                    Il s'agit peut-être d'une urgence vitale. Raccrochez maintenant et appelez le 15,
                    ou le 112. Si vous êtes sourd ou malentendant, envoyez un SMS au 114. N'attendez pas
                    que le cabinet vous rappelle.
              medecin-de-garde:
                outcome:
                  action: page-oncall
                  urgency: urgent
                  script: >-
                    Je préviens tout de suite le médecin de garde, qui va vous rappeler à ce numéro.
                    Gardez votre téléphone près de vous. Si l'état de la personne s'aggrave, appelez
                    le 15 sans attendre.
              message-prioritaire:
                outcome:
                  action: message
                  urgency: urgent
                  script: >-
                    Je transmets votre message en priorité ; le cabinet vous rappellera dès
                    l'ouverture. Si la situation s'aggrave d'ici là, appelez le 15.
              message-simple:
                outcome:
                  action: message
                  urgency: normal
                  script: Je prends votre message et le transmets au cabinet.

          - id: renouvellement
            title: Renouvellement d'ordonnance
            callbackKind: prescriptionRenewal     # one renewal request per patient, shared with messaging.prescriptionRenewal
            start: q-epuise
            nodes:
              q-epuise:
                question: Avez-vous déjà épuisé votre stock de médicaments ?
                choices:
                  - {label: Oui, next: q-essentiel}
                  - {label: Non, next: q-bientot}
              q-bientot:
                question: Êtes-vous sur le point d'en manquer, dans les deux prochains jours ?
                choices:
                  - {label: Oui, next: q-essentiel}
                  - {label: Non, next: demande-normale}
              q-essentiel:
                question: >-
                  S'agit-il d'un traitement indispensable, comme l'insuline, un anticoagulant, un
                  antiépileptique, un traitement du cœur, des corticoïdes ou un traitement
                  anti-rejet ?
                help: En cas de doute, demander le nom du médicament et répondre Oui si la liste le cite.
                choices:
                  - {label: Oui, next: demande-urgente}
                  - {label: Non, next: demande-prioritaire}
                  - {label: Je ne sais pas, next: demande-urgente}
              demande-urgente:
                outcome:
                  action: urgent-sms
                  urgency: urgent
                  script: >-
                    Je transmets votre demande en urgence au médecin, qui vous rappellera aujourd'hui.
                    En attendant, votre pharmacien peut vous dépanner pour quelques jours sur
                    présentation de votre dernière ordonnance.
              demande-prioritaire:
                outcome:
                  action: message
                  urgency: urgent
                  script: >-
                    Je transmets votre demande au médecin en priorité. L'ordonnance ou un rendez-vous
                    vous seront proposés d'ici demain.
              demande-normale:
                outcome:
                  action: message
                  urgency: normal
                  script: >-
                    Je transmets votre demande de renouvellement au médecin. Comptez deux jours
                    ouvrés ; le cabinet vous prévient quand l'ordonnance est prête.

          - id: resultats
            title: Résultats d'analyses ou d'examens
            start: q-anormal
            nodes:
              q-anormal:
                question: >-
                  Le laboratoire ou le radiologue vous a-t-il signalé un résultat anormal, ou demandé
                  de contacter rapidement votre médecin ?
                choices:
                  - {label: Oui, next: transfert-cabinet}
                  - {label: Non, next: q-rendez-vous}
              q-rendez-vous:
                question: Avez-vous déjà un rendez-vous prévu pour en parler avec le médecin ?
                choices:
                  - {label: Oui, next: attendre-rendez-vous}
                  - {label: Non, next: message-resultats}
              transfert-cabinet:
                outcome:
                  action: transfer
                  number: "+33465710011"            # the practitioners' direct line at the centre
                  urgency: urgent
                  script: >-
                    Je vous mets en relation avec le cabinet pour que le médecin soit prévenu
                    aujourd'hui. Je ne peux pas vous donner de résultat par téléphone.
              attendre-rendez-vous:
                outcome:
                  action: message
                  urgency: normal
                  script: >-
                    Le médecin a reçu vos résultats et les commentera lors de votre rendez-vous. Nous
                    ne donnons pas de résultats par téléphone. Je note votre appel.
              message-resultats:
                outcome:
                  action: message
                  urgency: normal
                  script: >-
                    Nous ne donnons pas de résultats par téléphone. Je laisse un message au médecin :
                    il vous rappellera si quelque chose doit être fait, sinon il vous les commentera à
                    votre prochaine consultation.

        # ---------------------------------------------------------------------------------------------
        # oncall: who is the médecin de garde. The rotation hands over at `handoff` (local time)
        # every `period` (day | week), following `order`, starting with order[0] on `startDate`.
        # `overrides` win over the rotation (the last listed wins when they overlap); `from`/`to`
        # are a local date (= that day at the handoff time), a local "YYYY-MM-DDTHH:mm", or an
        # RFC 3339 instant. `chain` lists the backups paged by an escalation step
        # `notify: oncall-backup`, in order, skipping whoever is on call.
        # ---------------------------------------------------------------------------------------------
        oncall:
          rotation:
            handoff: "20:00"
            order: [dr-martin, dr-benali, dr-roux]
            period: week
            startDate: "2026-01-05"             # a Monday: dr-martin from 5 January 2026, 20:00
          overrides:
            - {from: "2026-12-24T18:00", to: "2026-12-26T08:00", practitionerId: dr-benali, reason: Échange de garde de Noël}
            - {from: "2027-08-02", to: "2027-08-16", practitionerId: dr-roux, reason: Congés du Dr Martin}
          chain: [dr-benali, dr-roux, dr-martin]

        # ---------------------------------------------------------------------------------------------
        # escalation: how alerts are delivered until someone acknowledges (by replying to the SMS
        # with one of `acknowledgeKeywords`, or through the console). A chain is a list of steps
        # (`notify`: oncall | oncall-backup | practitioner | staff | <practitioner id>; `channels`;
        # `waitMinutes` before the next step), run `repeat` times in total. `routes` say which
        # chain each triage action and repeat-caller alert uses.
        # ---------------------------------------------------------------------------------------------
        escalation:
          acknowledgeKeywords: [OK, VU, PRIS]
          chains:
            default:
              steps:
                - {notify: oncall, channels: [sms, webhook], waitMinutes: 5}
                - {notify: oncall, channels: [sms], waitMinutes: 5}
                - {notify: oncall-backup, channels: [sms, webhook], waitMinutes: 10}
              repeat: 2
            practitioner-first:
              steps:
                - {notify: practitioner, channels: [sms], waitMinutes: 30}
                - {notify: staff, channels: [webhook], waitMinutes: 30}
                - {notify: oncall, channels: [sms], waitMinutes: 15}
              repeat: 1
          routes:
            page-oncall: default
            urgent-sms: practitioner-first
            repeat-caller: practitioner-first
          repeatCallers:
            windowHours: 24                     # a third call within 24 h about the same patient…
            calls: 3
            action: raise-urgency               # raise-urgency | page-staff | page-oncall

        # ---------------------------------------------------------------------------------------------
        # messaging: what the secretary says and how fast the practice calls back.
        # Modes: open (practice desk open, service answers on its behalf), overflow (desk open but
        # busy: more than `overflowThreshold` calls waiting), lunchBreak (between two ranges of
        # phoneHours), closed (evening, night, weekend: outside phoneHours), holiday (public holiday),
        # closure (practice.closures). Placeholders: {practice}, {nextOpening} (e.g. « lundi à 8 h »),
        # {oncall} (how the médecin de garde is reached), {period} (« cette nuit », « ce week-end »,
        # « aujourd'hui, jour férié »…), {holiday} (its name, holiday mode), {closure} (its reason,
        # closure mode).
        # SMS templates must stay within one GSM-7 segment (160 characters) after substitution, with the
        # longest number ({callback}: + and 15 digits), and never carry medical detail; {code} is the
        # reference the practitioner replies with. A number in an SMS is never cut.
        # ---------------------------------------------------------------------------------------------
        messaging:
          overflowThreshold: 3                  # calls waiting at the practice desk before overflow
          urgentCallbackHours: 2
          normalCallbackDelayMinutes: 240
          scripts:
            open:
              greeting: "{practice}, bonjour. Je vous écoute."
              instructions: >-
                Prise de rendez-vous, annulation, message pour un praticien : je m'en occupe. Pour une
                urgence vitale, le 15 ou le 112.
            overflow:
              greeting: "{practice}, bonjour. Le secrétariat est en ligne, je prends votre appel."
              instructions: >-
                Je peux prendre votre rendez-vous ou un message ; le cabinet vous rappellera si
                nécessaire.
            lunchBreak:
              greeting: "{practice}, bonjour. Le cabinet est en pause déjeuner."
              instructions: >-
                Le cabinet rouvre {nextOpening}. Je peux prendre votre message. En cas d'urgence
                vitale, appelez le 15 ou le 112.
            closed:
              greeting: "{practice}, bonjour. Le cabinet est actuellement fermé."
              instructions: >-
                Le cabinet rouvre {nextOpening}. Je peux prendre votre message. Pour une urgence
                médicale qui ne peut pas attendre, le médecin de garde {period} est {oncall} ; en
                cas d'urgence vitale, appelez le 15 ou le 112.
            holiday:
              greeting: "{practice}, bonjour. Le cabinet est fermé aujourd'hui, jour férié ({holiday})."
              instructions: >-
                Le cabinet rouvre {nextOpening}. Pour un besoin médical qui ne peut pas attendre,
                appelez le 116 117 ; en cas d'urgence vitale, le 15 ou le 112.
            closure:
              greeting: "{practice}, bonjour. Le cabinet est fermé ({closure})."
              instructions: >-
                Le cabinet rouvre {nextOpening}. Pour un besoin médical qui ne peut pas attendre,
                appelez le 116 117 ; en cas d'urgence vitale, le 15 ou le 112.
          sms:                                  # placeholders: {practice} {code} {callback} {time} {step}
            oncall: "{practice} : appel urgent à {time}. Rappeler le {callback}. Répondez OK {code} pour confirmer."
            urgentMessage: "{practice} : message urgent de {time}, rappel sous 2 h au {callback}. Répondez OK {code}."
            reminder: "{practice} : RELANCE {step}, alerte {code} non confirmée. Rappeler le {callback}. Répondez OK {code}."
            repeatCaller: "{practice} : patient ayant rappelé plusieurs fois, réf. {code}. Rappeler le {callback}. Répondez OK {code}."
            acknowledged: "{practice} : alerte {code} prise en charge à {time}. Merci."

        # ---------------------------------------------------------------------------------------------
        # notify: outgoing SMS and webhooks (sent by the outbox, at least once).
        # The http provider fills `body` from the template ({to}, {from}, {text} are JSON-escaped).
        # Webhooks are signed with Standard Webhooks headers using `secret` (whsec_ + base64).
        # ---------------------------------------------------------------------------------------------
        notify:
          sms:
            provider: http
            url: http://127.0.0.1:9/sms/send
            method: POST
            headers:
              Authorization: "Bearer ${PERMANENCE_SMS_TOKEN:-example-token}"   # ${NAME} is read from the environment (:- gives a default)
              Content-Type: application/json
            body: '{"to": "{to}", "from": "{from}", "text": "{text}"}'
            from: MSPTILLEULS                    # alphanumeric sender, 11 characters at most
          webhooks:
            - id: logiciel-cabinet
              url: http://127.0.0.1:9/hooks/permanence
              secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
              events: [messaging.received, messaging.overdue, escalation.raised, escalation.acknowledged, "agenda.*"]
            - id: messagerie-astreinte
              url: http://127.0.0.1:9/hooks/astreinte
              secret: whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD
              events: [escalation.raised, escalation.exhausted]

        # ---------------------------------------------------------------------------------------------
        # reminders: SMS reminders to patients (see Docs/reminders.md). Two days before an appointment
        # booked more than a week ahead, the day before otherwise, at the appointment's time; only
        # 09:00-20:00, never on Sundays or public holidays (a reminder due outside goes at the next
        # allowed time). Patients answer OUI, ANNULER or STOP; anything else reaches the callback queue.
        # Texts (`texts:`) are French by default and never name the appointment type.
        # waitlist: a slot freed by a cancellation is offered by SMS to the patient waiting longest whose
        # wishes fit; the offer holds 30 minutes, then goes to the next.
        # ---------------------------------------------------------------------------------------------
        reminders:
          allowedHours: "09:00-20:00"
          daysBefore: 1
          daysBeforeFarAhead: 2
          farAheadAfterDays: 7
          types:
            urgence: {send: false}              # booked the same day: nothing to remind
            teleconsultation: {daysBefore: 1}
        waitlist:
          offerMinutes: 30
          parallelOffers: 1

        # ---------------------------------------------------------------------------------------------
        # kpi: how the call-centre figures are computed (see Docs/kpi.md).
        # ---------------------------------------------------------------------------------------------
        kpi:
          serviceLevelSeconds: 20               # QS: answered within 20 s
          serviceLevelTarget: 0.8               # 80 % of calls within serviceLevelSeconds
          shortAbandonSeconds: 5                # abandons before 5 s are not counted as lost calls
          recontactDays: 7                      # a call about the same subject within 7 days is a recontact
          intervalMinutes: 30                   # forecast and staffing interval
          contractHoursPerWeek: 35              # ETP basis (35 h in France)
          shrinkage: 0.3                        # breaks, training, absences
          patientsUnderCare: 6200               # patients followed per month: denominator of the taux de contact
        """#
}
