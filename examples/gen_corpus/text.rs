//! The words of the generated SOPs: a fictional bank's contact centre, one
//! department per folder. Every acronym the texts use is defined: the shared
//! ones in the root glossary, a department's in its folder's glossary, a
//! topic's in the `terms` of the SOP.

/// The root glossary: acronyms every department's texts use.
pub const GLOSSARY: &[(&str, &str)] = &[
    (
        "CRM",
        "Customer Relationship Management system, where every contact, case and note about a customer is recorded",
    ),
    (
        "IVR",
        "Interactive Voice Response, the automated telephone menu callers hear before they reach a representative",
    ),
    (
        "SLA",
        "Service Level Agreement, the committed time within which a type of contact is answered or resolved",
    ),
    (
        "AHT",
        "Average Handling Time, the mean length of a contact including talk, hold and after-call work",
    ),
    (
        "FCR",
        "First Contact Resolution, the share of enquiries resolved during the customer's first contact",
    ),
    (
        "CSAT",
        "Customer Satisfaction score, the average answer to the satisfaction question of a survey, from 1 to 5",
    ),
    (
        "SMS",
        "Short Message Service, a text message sent to a mobile phone",
    ),
    (
        "PIN",
        "Personal Identification Number, the secret code of a card",
    ),
    (
        "QA",
        "Quality Assurance, the scoring of recorded contacts against the bank's scorecard",
    ),
];

pub struct Department {
    pub folder: &'static str,
    pub name: &'static str,
    pub prefix: &'static str,
    pub owner: &'static str,
    pub specialist: (&'static str, &'static str),
    pub glossary: &'static [(&'static str, &'static str)],
    pub topics: &'static [Topic],
    /// Steps only this department's SOPs take (they may use its glossary).
    pub steps: &'static [Action],
}

/// What an SOP is about: its title, why it exists, and the one acronym of its
/// own that its purpose uses (defined in its `terms`).
pub struct Topic {
    pub title: &'static str,
    pub purpose: &'static str,
    pub term: (&'static str, &'static str),
}

pub struct Action {
    pub text: &'static str,
    pub details: &'static [&'static str],
}

/// A decision: its question, the answer that carries on, and the step that
/// the other answer leads to.
pub struct Decision {
    pub ask: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub aside: Action,
}

pub const VARIANTS: &[&str] = &[
    "by telephone",
    "by chat",
    "by email",
    "in branch",
    "for business customers",
    "out of hours",
    "for premier customers",
    "for joint accounts",
];

pub const NAMES: &[&str] = &[
    "Priya Natarajan",
    "Marcus Obi",
    "Dana Whitfield",
    "Samuel Achebe",
    "Lena Kowalski",
    "Tomás Ferreira",
    "Aiko Tanaka",
    "Grace Mensah",
    "Oliver Brandt",
    "Fatima Haddad",
];

pub const TAGS: &[&str] = &[
    "contact-centre",
    "telephone",
    "chat",
    "security",
    "complaints",
    "vulnerable-customers",
    "payments",
    "cards",
    "fraud",
    "branch",
    "digital",
    "regulatory",
];

pub const METRICS: &[(&str, &str, &str)] = &[
    (
        "AHT",
        "Talk, hold and after-call work, averaged over the contacts of this procedure in the month",
        "less than 6 minutes",
    ),
    (
        "FCR",
        "Share of these contacts closed with no callback, transfer or repeat contact within 7 days",
        "85%",
    ),
    (
        "CSAT",
        "Average survey answer of the customers whose contact followed this procedure",
        "4.5 or more",
    ),
    (
        "Cases closed within the SLA",
        "Share of cases of this procedure closed before their SLA deadline",
        "95%",
    ),
    (
        "QA score",
        "Average scorecard result of the recorded contacts sampled each week",
        "90% or more",
    ),
];

pub const OPENINGS: &[Action] = &[
    Action {
        text: "Greet the customer, give your first name, and confirm which channel they are using so the CRM records the contact correctly.",
        details: &[
            "Use the customer's name once their identity has been confirmed.",
            "Speak plainly and avoid internal product codes.",
        ],
    },
    Action {
        text: "Verify the customer's identity with the standard security questions before you discuss any account, card or payment.",
        details: &[
            "Ask for the full name, date of birth and two random characters of the passcode.",
            "Never ask for a full passcode, a card PIN or an online banking password.",
        ],
    },
    Action {
        text: "Open the customer's record in the CRM and read the notes of the last three contacts before you reply.",
        details: &["A case already open for the same issue is continued, not duplicated."],
    },
];

pub const SHARED: &[Action] = &[
    Action {
        text: "Listen to the whole request without interrupting, then repeat it back in your own words to confirm you have understood it.",
        details: &[
            "Ask open questions to clarify, and resist answering too soon.",
            "Acknowledge how the customer feels before moving on to the solution.",
        ],
    },
    Action {
        text: "Explain what happens next, how long it takes under the SLA, and how the customer will hear back from us.",
        details: &[
            "Give a date, not a number of working days.",
            "Offer an SMS confirmation when the customer has a mobile number on file.",
        ],
    },
    Action {
        text: "Record the outcome in the CRM with the reason code, a short summary and any promise made to the customer.",
        details: &[
            "Write the note so that a colleague can continue the case without calling the customer back.",
            "Tag the contact so that FCR and AHT are reported correctly.",
        ],
    },
    Action {
        text: "Check whether the customer shows signs of vulnerability, such as bereavement, illness or financial difficulty, and adapt the pace of the contact.",
        details: &[
            "Offer more time, a callback or a quieter channel.",
            "With the customer's consent, add a support flag to the CRM record.",
        ],
    },
    Action {
        text: "Ask whether there is anything else you can help with, thank the customer, and close the contact politely.",
        details: &[
            "Mention the satisfaction survey that follows; CSAT answers are read by the team every week.",
        ],
    },
    Action {
        text: "Complete the after-call work within two minutes and make yourself available for the next contact.",
        details: &["Unfinished after-call work counts towards AHT."],
    },
    Action {
        text: "Send the customer a written summary of what was agreed, using the approved template of the knowledge base.",
        details: &[
            "Check the address or email on file before sending.",
            "Attach no document that shows a full account number.",
        ],
    },
    Action {
        text: "Update the case status and set a follow-up task for yourself if anything is still outstanding at the end of the contact.",
        details: &["A follow-up task is due before the SLA deadline of the case."],
    },
];

pub const DECISIONS: &[Decision] = &[
    Decision {
        ask: "Did the customer pass the security check?",
        yes: "yes",
        no: "no",
        aside: Action {
            text: "Explain politely that you cannot discuss the account and offer a callback on the telephone number already held on the customer's record.",
            details: &[
                "Record the failed attempt and its reason in the CRM.",
                "If you suspect fraud, alert the team leader straight away.",
            ],
        },
    },
    Decision {
        ask: "Can you resolve the request yourself, within your authority limits?",
        yes: "yes, within my limits",
        no: "no, it needs approval",
        aside: Action {
            text: "Pass the case to the team leader with a summary, tell the customer who will contact them and by when, and set the case to awaiting approval.",
            details: &[
                "Use a warm transfer when the team leader is free; otherwise book a callback.",
            ],
        },
    },
    Decision {
        ask: "Is the customer unhappy with a product, a service or a member of staff?",
        yes: "no, it is a request",
        no: "yes, it is a complaint",
        aside: Action {
            text: "Log a complaint case in the CRM, acknowledge it to the customer, and give them the complaint reference.",
            details: &["A complaint is logged even when it is resolved on the spot."],
        },
    },
    Decision {
        ask: "Does the customer agree with the proposed solution?",
        yes: "yes",
        no: "no",
        aside: Action {
            text: "Explain the other options again, in simpler words, and offer time to think it over with a callback at a time that suits them.",
            details: &["Never press the customer for an answer on the same contact."],
        },
    },
    Decision {
        ask: "Are all the documents the procedure needs already on file?",
        yes: "yes, all on file",
        no: "no, some are missing",
        aside: Action {
            text: "Ask the customer for the missing documents through the secure upload link, and set the case to awaiting customer.",
            details: &[
                "List each missing document by name in the request.",
                "Close the case with a letter if nothing arrives within 30 days.",
            ],
        },
    },
];

pub const DEPARTMENTS: &[Department] = &[
    Department {
        folder: "customer-service",
        name: "Customer Service",
        prefix: "CS",
        owner: "Contact Centre Manager",
        specialist: (
            "account-specialist",
            "Account services specialist who handles changes to customer records",
        ),
        glossary: &[
            (
                "KYC",
                "Know Your Customer, the checks that establish and record who a customer is",
            ),
            (
                "POA",
                "Power of Attorney, a legal document that lets one person act for another",
            ),
        ],
        topics: &[
            Topic {
                title: "Callback after a dropped call",
                purpose: "Call back every customer whose call dropped before it was resolved, so nobody has to queue through the IVR twice.",
                term: (
                    "DNIS",
                    "Dialled Number Identification Service, the number the customer called",
                ),
            },
            Topic {
                title: "Change of address",
                purpose: "Update a customer's address safely, so that statements and cards never go to an old home; the KYC record changes with it.",
                term: (
                    "PAF",
                    "Postcode Address File, the reference list of postal addresses",
                ),
            },
            Topic {
                title: "Bereavement notification",
                purpose: "Support the family of a deceased customer with care and one point of contact, and secure the accounts.",
                term: ("DOD", "Date of Death, as shown on the death certificate"),
            },
            Topic {
                title: "Registering a power of attorney",
                purpose: "Record a POA so that the attorney can act for the customer, after the document has been checked.",
                term: (
                    "OPG",
                    "Office of the Public Guardian, which registers lasting powers of attorney",
                ),
            },
            Topic {
                title: "Closing an account",
                purpose: "Close an account at the customer's request, pay out the balance and stop every payment linked to it.",
                term: (
                    "ISA",
                    "Individual Savings Account, a savings account with a tax-free allowance",
                ),
            },
        ],
        steps: &[
            Action {
                text: "Check the KYC record and confirm that the details held match what the customer tells you.",
                details: &[
                    "Differences in the KYC record are corrected before the request goes on.",
                ],
            },
            Action {
                text: "Confirm the change back to the customer and tell them which letters or cards will follow.",
                details: &[
                    "Cards and letters go to the address on file at the time they are printed.",
                ],
            },
        ],
    },
    Department {
        folder: "cards",
        name: "Cards",
        prefix: "CD",
        owner: "Head of Card Services",
        specialist: (
            "card-specialist",
            "Card services specialist who can block, replace and reissue cards",
        ),
        glossary: &[
            (
                "CVV",
                "Card Verification Value, the three digits on the back of a card",
            ),
            ("ATM", "Automated Teller Machine, a cash machine"),
            ("POS", "Point of Sale, the card terminal in a shop"),
        ],
        topics: &[
            Topic {
                title: "Lost or stolen card",
                purpose: "Block a lost or stolen card at once and send a replacement, so that no one can use it; the customer never reads out the CVV.",
                term: (
                    "PAN",
                    "Primary Account Number, the long number on the front of a card",
                ),
            },
            Topic {
                title: "Reissuing a forgotten PIN",
                purpose: "Send a new PIN by post or show it in the app, without anyone at the bank ever knowing it.",
                term: (
                    "HSM",
                    "Hardware Security Module, the device that generates and protects PINs",
                ),
            },
            Topic {
                title: "Card declined abroad",
                purpose: "Find out why a card was declined at a POS terminal or ATM abroad and get the customer paying again.",
                term: (
                    "MCC",
                    "Merchant Category Code, the code that tells what kind of business took the payment",
                ),
            },
            Topic {
                title: "Disputed card transaction",
                purpose: "Raise a dispute for a card payment the customer did not make or did not receive, and keep them informed; the ARN identifies the payment.",
                term: (
                    "ARN",
                    "Acquirer Reference Number, the reference the merchant's bank gives a card payment",
                ),
            },
        ],
        steps: &[
            Action {
                text: "Block the card in the card system at once and read the block confirmation back to the customer.",
                details: &[
                    "A blocked card cannot be unblocked; a replacement is always sent.",
                    "Check the last five transactions at POS terminals and ATM withdrawals with the customer.",
                ],
            },
            Action {
                text: "Order the replacement card to the address on file and tell the customer when it will arrive.",
                details: &["Express delivery is free for premier customers."],
            },
        ],
    },
    Department {
        folder: "payments",
        name: "Payments",
        prefix: "PY",
        owner: "Payments Operations Manager",
        specialist: (
            "payments-specialist",
            "Payments operations specialist who can trace, recall and refund payments",
        ),
        glossary: &[
            (
                "IBAN",
                "International Bank Account Number, the account number used for payments across borders",
            ),
            (
                "BACS",
                "Bankers' Automated Clearing Services, the scheme that runs direct debits and bulk payments",
            ),
            (
                "SWIFT",
                "the network banks use to send international payment messages",
            ),
        ],
        topics: &[
            Topic {
                title: "Refunding a duplicate payment",
                purpose: "Refund a payment that left the account twice, the same day if possible, once the duplicate has been confirmed.",
                term: (
                    "TXN",
                    "Transaction, one payment as the payment system records it",
                ),
            },
            Topic {
                title: "Failed standing order",
                purpose: "Find out why a standing order did not go out and put the payment right before the payee is harmed.",
                term: (
                    "SO",
                    "Standing Order, a regular payment of a fixed amount that the customer sets up",
                ),
            },
            Topic {
                title: "Direct debit indemnity claim",
                purpose: "Refund a direct debit taken in error under the BACS guarantee, at once and with no questions about fault.",
                term: (
                    "DDI",
                    "Direct Debit Indemnity, the claim the bank makes on the originator of a wrong direct debit",
                ),
            },
            Topic {
                title: "Tracing an international transfer",
                purpose: "Trace an international payment that has not arrived, through SWIFT, and keep the customer informed until it does.",
                term: (
                    "UETR",
                    "Unique End-to-end Transaction Reference, the tracking number of a SWIFT payment",
                ),
            },
        ],
        steps: &[
            Action {
                text: "Find the payment in the payments system by date, amount and IBAN, and check its status with the customer on the line.",
                details: &["Read back only the last four digits of the IBAN."],
            },
            Action {
                text: "Raise the payment request in the payments system and note its reference on the case.",
                details: &["Requests raised after 3 PM are processed the next working day."],
            },
        ],
    },
    Department {
        folder: "complaints",
        name: "Complaints",
        prefix: "CO",
        owner: "Complaints Manager",
        specialist: (
            "case-handler",
            "Complaint case handler who investigates and writes the final response",
        ),
        glossary: &[
            (
                "FOS",
                "Financial Ombudsman Service, the free and independent service that settles complaints",
            ),
            (
                "FRL",
                "Final Response Letter, the bank's last written answer to a complaint",
            ),
        ],
        topics: &[
            Topic {
                title: "Complaint about a branch",
                purpose: "Handle a complaint about a branch visit fairly and quickly, and learn from it; the FRL is sent within eight weeks.",
                term: (
                    "RCA",
                    "Root Cause Analysis, the search for why the failure happened",
                ),
            },
            Topic {
                title: "Complaint about a representative",
                purpose: "Investigate a complaint about a member of staff with respect for both sides, and put things right.",
                term: (
                    "HRBP",
                    "Human Resources Business Partner, who advises the manager of the member of staff",
                ),
            },
            Topic {
                title: "Complaint about fees",
                purpose: "Review a complaint about a fee or a charge, refund it where it was wrong, and explain it where it was not.",
                term: (
                    "APR",
                    "Annual Percentage Rate, the yearly cost of borrowing including fees",
                ),
            },
            Topic {
                title: "Referral to the ombudsman",
                purpose: "Tell the customer of their right to go to the FOS, and send the file when the ombudsman asks for it.",
                term: (
                    "DISP",
                    "the Dispute Resolution rules of the regulator's handbook",
                ),
            },
        ],
        steps: &[
            Action {
                text: "Write the final response and send it as an FRL, with the customer's right to refer the complaint to the FOS.",
                details: &[
                    "The FRL answers every point the customer raised, in plain words.",
                    "It is checked by a second case handler before it is sent.",
                ],
            },
            Action {
                text: "Acknowledge the complaint in writing within one working day and name the case handler.",
                details: &[
                    "The acknowledgement gives the date of the final response at the latest.",
                ],
            },
        ],
    },
    Department {
        folder: "digital",
        name: "Digital Channels",
        prefix: "DG",
        owner: "Digital Support Lead",
        specialist: (
            "chat-agent",
            "Chat agent who answers customers in the app and on the website",
        ),
        glossary: &[
            (
                "OTP",
                "One-Time Passcode, a code sent by SMS to confirm a login or a payment",
            ),
            (
                "MFA",
                "Multi-Factor Authentication, a login that asks for two proofs of identity",
            ),
        ],
        topics: &[
            Topic {
                title: "Chat handover to a telephone agent",
                purpose: "Hand a chat over to a telephone agent when it needs a voice, without the customer repeating their story.",
                term: (
                    "ACD",
                    "Automatic Call Distributor, which routes calls and chats to free agents",
                ),
            },
            Topic {
                title: "Online banking lockout",
                purpose: "Unlock a customer locked out of online banking, after checking it is really them and that MFA is set up again.",
                term: ("UID", "User Identifier, the login name of online banking"),
            },
            Topic {
                title: "One-time passcode not received",
                purpose: "Help a customer who receives no OTP to log in or pay, and find out why the SMS did not arrive.",
                term: (
                    "MNO",
                    "Mobile Network Operator, the customer's mobile phone company",
                ),
            },
            Topic {
                title: "Chatbot escalation",
                purpose: "Take over a conversation the chatbot could not answer, read what it already asked, and finish it.",
                term: (
                    "NLU",
                    "Natural Language Understanding, the part of the chatbot that reads what customers write",
                ),
            },
        ],
        steps: &[
            Action {
                text: "Read the chat transcript and the chatbot's notes before you write your first message.",
                details: &["Never ask the customer for something the transcript already shows."],
            },
            Action {
                text: "Send a fresh OTP and stay in the chat until the customer confirms that it arrived.",
                details: &["After three OTP requests in an hour, MFA is reset in branch only."],
            },
        ],
    },
    Department {
        folder: "fraud",
        name: "Fraud and Security",
        prefix: "FR",
        owner: "Head of Fraud Operations",
        specialist: (
            "fraud-analyst",
            "Fraud analyst who reviews alerts and protects accounts",
        ),
        glossary: &[
            (
                "APP",
                "Authorised Push Payment, a payment the customer made but was tricked into making",
            ),
            (
                "SAR",
                "Suspicious Activity Report, the report made to the authorities about possible money laundering",
            ),
        ],
        topics: &[
            Topic {
                title: "Reporting a phishing message",
                purpose: "Take a report of a phishing email or text, protect the customer's accounts, and warn others.",
                term: ("URL", "Uniform Resource Locator, the address of a web page"),
            },
            Topic {
                title: "Scam payment report",
                purpose: "Act the same day on an APP scam report, try to recover the money, and support the customer.",
                term: (
                    "PSR",
                    "Payment Systems Regulator, which sets the rules for scam refunds",
                ),
            },
            Topic {
                title: "Unrecognised login",
                purpose: "Lock the account when a customer does not recognise a login, and give them back safe access.",
                term: (
                    "IP",
                    "Internet Protocol address, the number a device uses on the internet",
                ),
            },
            Topic {
                title: "Suspected account takeover",
                purpose: "Stop a suspected takeover of an account at once and keep the evidence for a SAR if one is needed.",
                term: (
                    "SIM",
                    "Subscriber Identity Module, the card that ties a phone to a number",
                ),
            },
        ],
        steps: &[
            Action {
                text: "Place a fraud block on the account and tell the customer which payments and logins it stops.",
                details: &[
                    "The block stays on until a fraud analyst lifts it.",
                    "Note the time of the block on the case for a possible SAR.",
                ],
            },
            Action {
                text: "Ask the customer to describe, in their own words, every payment and contact since the problem began.",
                details: &[
                    "For an APP scam, note the payee's details and how the customer was contacted.",
                ],
            },
        ],
    },
];
