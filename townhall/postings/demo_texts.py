"""Narratives and summaries of the demo postings in the six interface languages (VII-B-2-a)."""

from __future__ import annotations

TEXTS: dict[str, dict[str, tuple[str, str]]] = {
    "D22-08": {
        "en": (
            "The Chicago Police Department is revising its directive on community engagement in "
            "policy and training development (D22-08). The draft sets out how the Department "
            "decides how deeply to engage the community on a policy or a training, the three-step "
            "cycle of outreach, engagement and follow-up, what each unit is responsible for, and "
            "how draft directives are posted for public comment.\n\nRead the draft and tell us what "
            "you think. You can comment on the whole directive or on any item of it.",
            "This draft explains how residents and Department members can help shape police "
            "policies and trainings, and what the Department commits to do with what it hears.",
        ),
        "es": (
            "El Departamento de Policía de Chicago está revisando su directiva sobre la "
            "participación de la comunidad en la elaboración de políticas y capacitaciones "
            "(D22-08). El borrador explica cómo decide el Departamento el nivel de participación "
            "de la comunidad en una política o capacitación, el ciclo de tres pasos (alcance, "
            "participación y seguimiento), las responsabilidades de cada unidad y cómo se publican "
            "los borradores de directivas para comentarios del público.\n\nLea el borrador y díganos "
            "qué piensa. Puede comentar la directiva completa o cualquiera de sus apartados.",
            "Este borrador explica cómo los residentes y los miembros del Departamento pueden "
            "ayudar a definir las políticas y capacitaciones de la policía, y qué se compromete a "
            "hacer el Departamento con lo que escucha.",
        ),
        "zh-hans": (
            "芝加哥警察局正在修订其关于社区参与政策和培训制定的指令（D22-08）。草案说明了警察局如何"
            "决定社区对某项政策或培训的参与深度、外联、参与和跟进这三个步骤的循环、各部门的职责，以及"
            "如何发布指令草案以征求公众意见。\n\n请阅读草案并告诉我们您的想法。您可以对整个指令或其中"
            "任何条目发表意见。",
            "本草案说明居民和警察局成员如何帮助制定警务政策和培训，以及警察局承诺如何处理所听到的意见。",
        ),
        "pl": (
            "Departament Policji w Chicago zmienia zarządzenie o udziale społeczności w tworzeniu "
            "zasad i szkoleń (D22-08). Projekt opisuje, jak Departament decyduje o zakresie "
            "udziału społeczności w danej zasadzie lub szkoleniu, trzyetapowy cykl: docieranie, "
            "zaangażowanie i działania następcze, obowiązki każdej jednostki oraz sposób "
            "publikowania projektów zarządzeń do konsultacji publicznych.\n\nPrzeczytaj projekt i "
            "powiedz nam, co o nim myślisz. Możesz skomentować całe zarządzenie lub dowolny punkt.",
            "Projekt wyjaśnia, jak mieszkańcy i członkowie Departamentu mogą współtworzyć zasady i "
            "szkolenia policji oraz co Departament zobowiązuje się zrobić z tym, co usłyszy.",
        ),
        "ar": (
            "تعمل إدارة شرطة شيكاغو على مراجعة توجيهها بشأن مشاركة المجتمع في وضع السياسات "
            "والتدريبات (D22-08). تبيّن المسودة كيف تقرر الإدارة مدى إشراك المجتمع في سياسة أو "
            "تدريب ما، ودورة الخطوات الثلاث: التواصل والمشاركة والمتابعة، ومسؤوليات كل وحدة، "
            "وكيفية نشر مسودات التوجيهات لتلقي تعليقات الجمهور.\n\nاقرأ المسودة وأخبرنا برأيك. "
            "يمكنك التعليق على التوجيه كاملاً أو على أي بند منه.",
            "توضح هذه المسودة كيف يمكن للسكان وأعضاء الإدارة المساهمة في صياغة سياسات الشرطة "
            "وتدريباتها، وما تلتزم الإدارة بفعله بما تسمعه.",
        ),
        "hi": (
            "शिकागो पुलिस विभाग नीति और प्रशिक्षण के विकास में सामुदायिक भागीदारी से संबंधित अपने निर्देश "
            "(D22-08) को संशोधित कर रहा है। मसौदा बताता है कि विभाग किसी नीति या प्रशिक्षण पर समुदाय को "
            "कितनी गहराई से शामिल करे यह कैसे तय करता है, संपर्क, भागीदारी और अनुवर्ती कार्रवाई का "
            "तीन-चरणीय चक्र, प्रत्येक इकाई की ज़िम्मेदारियाँ, और सार्वजनिक टिप्पणी के लिए मसौदा निर्देश कैसे "
            "प्रकाशित किए जाते हैं।\n\nमसौदा पढ़ें और हमें अपनी राय बताएँ। आप पूरे निर्देश या उसके किसी भी "
            "बिंदु पर टिप्पणी कर सकते हैं।",
            "यह मसौदा बताता है कि निवासी और विभाग के सदस्य पुलिस की नीतियों और प्रशिक्षणों को आकार देने में "
            "कैसे मदद कर सकते हैं, और विभाग जो सुनता है उसके साथ क्या करने का वचन देता है।",
        ),
    },
    "G03-07": {
        "en": (
            "The Chicago Police Department is creating a foot pursuit policy, the first for the "
            "City. To address the immediate need, CPD has published an interim foot pursuit "
            "policy, which will remain in place while deeper community engagement is conducted. "
            "CPD seeks your input on the interim policy during this public comment period.",
            "The interim policy tells officers when a foot pursuit is allowed, when it must stop, "
            "and how supervisors review it.",
        ),
        "es": (
            "El Departamento de Policía de Chicago está creando una política sobre persecuciones a "
            "pie, la primera de la ciudad. Para atender la necesidad inmediata, CPD publicó una "
            "política provisional, que seguirá vigente mientras se realiza una participación "
            "comunitaria más profunda. CPD solicita su opinión sobre la política provisional "
            "durante este período de comentarios.",
            "La política provisional indica a los agentes cuándo se permite una persecución a pie, "
            "cuándo debe detenerse y cómo la revisan los supervisores.",
        ),
        "zh-hans": (
            "芝加哥警察局正在制定本市第一项徒步追捕政策。为满足当前需要，警察局已发布临时徒步追捕政策，"
            "在开展更深入的社区参与期间继续有效。警察局在本次公众意见征询期内征求您对临时政策的意见。",
            "临时政策规定了警员何时可以进行徒步追捕、何时必须停止，以及主管如何审查。",
        ),
        "pl": (
            "Departament Policji w Chicago tworzy pierwsze w mieście zasady pościgów pieszych. "
            "Aby zaspokoić bieżącą potrzebę, CPD opublikował tymczasowe zasady, które obowiązują, "
            "dopóki trwają szersze konsultacje ze społecznością. CPD prosi o opinie na temat "
            "tymczasowych zasad w tym okresie konsultacji.",
            "Tymczasowe zasady określają, kiedy funkcjonariusz może prowadzić pościg pieszy, kiedy "
            "musi go przerwać i jak przełożeni go oceniają.",
        ),
        "ar": (
            "تعمل إدارة شرطة شيكاغو على وضع سياسة للمطاردة سيرًا على الأقدام، وهي الأولى في المدينة. "
            "ولتلبية الحاجة العاجلة نشرت الإدارة سياسة مؤقتة تبقى سارية أثناء إجراء مشاركة مجتمعية "
            "أعمق. وتطلب الإدارة آراءكم في السياسة المؤقتة خلال فترة التعليق العام هذه.",
            "تحدد السياسة المؤقتة متى يُسمح للضباط بالمطاردة سيرًا على الأقدام، ومتى يجب إيقافها، "
            "وكيف يراجعها المشرفون.",
        ),
        "hi": (
            "शिकागो पुलिस विभाग शहर की पहली पैदल पीछा नीति बना रहा है। तात्कालिक आवश्यकता को पूरा करने के "
            "लिए विभाग ने एक अंतरिम नीति प्रकाशित की है, जो गहन सामुदायिक भागीदारी के दौरान लागू रहेगी। "
            "विभाग इस सार्वजनिक टिप्पणी अवधि में अंतरिम नीति पर आपकी राय चाहता है।",
            "अंतरिम नीति बताती है कि अधिकारी कब पैदल पीछा कर सकते हैं, कब उन्हें रुकना होगा, और पर्यवेक्षक "
            "इसकी समीक्षा कैसे करते हैं।",
        ),
    },
    "G03-02": {
        "en": (
            "The Department's use of force policy is open for comment at any time. Residents and "
            "Department members can send input or propose revisions whenever they wish; the "
            "Research and Development Division reviews what arrives regularly.",
            "Tell the Department what you think of its rules on de-escalation and use of force, "
            "at any time.",
        ),
        "es": (
            "La política del Departamento sobre el uso de la fuerza está abierta a comentarios en "
            "todo momento. Los residentes y los miembros del Departamento pueden enviar opiniones o "
            "proponer cambios cuando lo deseen; la División de Investigación y Desarrollo revisa "
            "periódicamente lo que recibe.",
            "Diga al Departamento qué piensa de sus normas sobre la reducción de tensiones y el uso "
            "de la fuerza, en cualquier momento.",
        ),
        "zh-hans": (
            "警察局的使用武力政策随时接受意见。居民和警察局成员可以随时提交意见或提出修改建议；研究与"
            "发展处会定期审阅收到的意见。",
            "您可以随时告诉警察局您对其缓和冲突和使用武力规定的看法。",
        ),
        "pl": (
            "Zasady Departamentu dotyczące użycia siły są otwarte na komentarze przez cały czas. "
            "Mieszkańcy i członkowie Departamentu mogą w każdej chwili przesłać opinię lub "
            "zaproponować zmiany; Wydział Badań i Rozwoju regularnie je przegląda.",
            "Powiedz Departamentowi w dowolnym momencie, co sądzisz o jego zasadach deeskalacji i "
            "użycia siły.",
        ),
        "ar": (
            "سياسة الإدارة بشأن استخدام القوة مفتوحة للتعليق في أي وقت. يمكن للسكان وأعضاء الإدارة "
            "إرسال آرائهم أو اقتراح تعديلات متى شاؤوا، ويراجع قسم البحث والتطوير ما يصل بانتظام.",
            "أخبر الإدارة برأيك في قواعدها بشأن تهدئة التوتر واستخدام القوة، في أي وقت.",
        ),
        "hi": (
            "विभाग की बल प्रयोग नीति पर किसी भी समय टिप्पणी की जा सकती है। निवासी और विभाग के सदस्य जब "
            "चाहें अपनी राय भेज सकते हैं या संशोधन प्रस्तावित कर सकते हैं; अनुसंधान और विकास प्रभाग प्राप्त "
            "सुझावों की नियमित समीक्षा करता है।",
            "तनाव कम करने और बल प्रयोग के नियमों पर अपनी राय विभाग को किसी भी समय बताएँ।",
        ),
    },
    "S03-14": {
        "en": (
            "The Department will post its body-worn camera directive for review and comment. "
            "The directive covers when officers record, how recordings are kept, and who may "
            "view them.",
            "Soon you can comment on the rules for police body-worn cameras.",
        ),
        "es": (
            "El Departamento publicará su directiva sobre cámaras corporales para revisión y "
            "comentarios. La directiva trata de cuándo graban los agentes, cómo se conservan las "
            "grabaciones y quién puede verlas.",
            "Pronto podrá comentar las normas sobre las cámaras corporales de la policía.",
        ),
        "zh-hans": (
            "警察局将发布其随身摄像机指令供审阅和征求意见。该指令涉及警员何时录像、录像如何保存以及谁可以查看。",
            "您很快就可以对警察随身摄像机的规定发表意见。",
        ),
        "pl": (
            "Departament opublikuje do konsultacji zarządzenie o kamerach nasobnych. Zarządzenie "
            "określa, kiedy funkcjonariusze nagrywają, jak przechowuje się nagrania i kto może je "
            "oglądać.",
            "Wkrótce będzie można skomentować zasady korzystania z policyjnych kamer nasobnych.",
        ),
        "ar": (
            "ستنشر الإدارة توجيهها بشأن الكاميرات المثبتة على الجسم للمراجعة والتعليق. يتناول التوجيه "
            "متى يسجّل الضباط، وكيف تُحفظ التسجيلات، ومن يحق له مشاهدتها.",
            "قريبًا يمكنك التعليق على قواعد كاميرات الشرطة المثبتة على الجسم.",
        ),
        "hi": (
            "विभाग समीक्षा और टिप्पणी के लिए बॉडी-वॉर्न कैमरा संबंधी अपना निर्देश प्रकाशित करेगा। निर्देश बताता "
            "है कि अधिकारी कब रिकॉर्ड करते हैं, रिकॉर्डिंग कैसे रखी जाती हैं, और उन्हें कौन देख सकता है।",
            "जल्द ही आप पुलिस बॉडी-वॉर्न कैमरों के नियमों पर टिप्पणी कर सकेंगे।",
        ),
    },
}
