"""The public texts of the demo engagements, from the City's "Get involved" page (seed 000):
title, summary and Markdown narrative per language. The foot pursuit engagement is in all six
languages; the others in English and Spanish, so the demo also shows the English fallback."""

from __future__ import annotations

# language -> (title, summary, narrative)
Texts = dict[str, tuple[str, str, str]]

FOOT_PURSUITS: Texts = {
    "en": (
        "Foot pursuits: the City's first foot pursuit policy",
        "CPD is creating a foot pursuit policy, the first for the City, and asks residents and "
        "stakeholders across Chicago to help shape it.",
        """The Chicago Police Department (CPD) is creating a foot pursuit policy, the first for the City. CPD believes an effective foot pursuit policy requires meaningful community engagement from residents and stakeholders across the City. To address the immediate need, CPD has published an interim foot pursuit policy, which will remain in place while deeper community engagement is conducted.

CPD sought input through a public comment period on the interim policy, and hosts virtual community conversations, deliberative dialogues with community groups and organizations, and an anonymous survey. CPD will then publish a draft of its updated policy for public comment for 15 days, and release a public report detailing the engagement process, a summary of community feedback and the steps it has taken to inform the policy revisions.

## Background

In 2017, the United States Department of Justice concluded a yearlong civil rights investigation into the Chicago Police Department. The investigation revealed the need for significant reforms to address deficiencies within the nation's second-largest police department, including eliminating discriminatory policing.

This led a federal judge to authorize a consent decree, which was approved on January 31, 2019. Among the many requirements, the consent decree mandated the Department gather information about foot pursuits for the Independent Monitoring Team (IMT).

On March 5, 2021, upon review of the data, the IMT determined a foot pursuit policy was necessary. The Department immediately began working on a draft policy based on best practices from major cities throughout the country.

## What the data show

CPD conducted a review of available data on foot pursuits from April 2019 to December 2019. The findings include:

- Chicago police officers engaged in an average of seven foot pursuits per day during this nine-month period.
- Throughout this same period, an officer reported an injury as a result of a foot pursuit, on average once per day.
- Approximately one out of five foot pursuits during this time frame resulted in an arrest.
- Half of all foot pursuits occurred between 4 pm and midnight.
- About a quarter of all foot pursuits reported during this time period were associated with a use of force incident, for example an officer having to tackle a fleeing suspect.

## Policy highlights

- The new foot pursuit policy reminds officers to begin any interaction with tactics meant to reduce the possibility of a foot pursuit.
- Tactics to avoid a foot pursuit include continual communication with a subject, and encouraging officers to position themselves in such a way as to reduce the opportunity for a foot chase.
- The circumstances also must be considered before any foot pursuit takes place. Officers need to ask themselves whether the need to apprehend the subject is worth the risk to responding officers, the public, or the subject.
- The policy also spells out that foot pursuits are only appropriate when it is believed an individual has committed, is committing, or is about to commit a crime, or there is probable cause for an arrest.
- Foot pursuits can no longer be initiated for criminal offenses less than a Class A misdemeanor.
- Foot pursuits also must be discontinued if someone is injured and requires immediate medical assistance; if officers are unaware of their location; and if the need to apprehend the subject is not worth the risk to responding officers, the public, or the subject.
- Supervisors can also instruct officers to discontinue a foot pursuit at any time.
- All officers are required to notify the Office of Emergency Management and Communications of a foot pursuit, and will activate their body-worn cameras to record the entire incident.

## Virtual webinar

CPD held a live webinar to review the policy and answer questions from the public on June 1, 2021. A note on the webinar is among the resources on this page.""",
    ),
    "es": (
        "Persecuciones a pie: la primera política de la Ciudad sobre persecuciones a pie",
        "El CPD está creando una política sobre persecuciones a pie, la primera de la Ciudad, y "
        "pide a residentes y partes interesadas de todo Chicago que ayuden a darle forma.",
        """El Departamento de Policía de Chicago (CPD) está creando una política sobre persecuciones a pie, la primera de la Ciudad. El CPD considera que una política eficaz sobre persecuciones a pie requiere una participación comunitaria significativa de residentes y partes interesadas de toda la Ciudad. Para atender la necesidad inmediata, el CPD ha publicado una política provisional sobre persecuciones a pie, que seguirá vigente mientras se lleva a cabo una participación comunitaria más profunda.

El CPD recabó opiniones mediante un período de comentarios públicos sobre la política provisional, y organiza conversaciones comunitarias virtuales, diálogos deliberativos con grupos y organizaciones comunitarias, y una encuesta anónima. Después, el CPD publicará un borrador de su política actualizada para recibir comentarios públicos durante 15 días, y dará a conocer un informe público que detallará el proceso de participación, un resumen de las opiniones de la comunidad y las medidas adoptadas para revisar la política.

## Antecedentes

En 2017, el Departamento de Justicia de los Estados Unidos concluyó una investigación de derechos civiles de un año sobre el Departamento de Policía de Chicago. La investigación reveló la necesidad de reformas importantes para corregir deficiencias en el segundo departamento de policía más grande del país, entre ellas eliminar la actuación policial discriminatoria.

Esto llevó a un juez federal a autorizar un decreto de consentimiento, aprobado el 31 de enero de 2019. Entre sus muchos requisitos, el decreto de consentimiento exigió que el Departamento reuniera información sobre las persecuciones a pie para el Equipo Independiente de Supervisión (IMT).

El 5 de marzo de 2021, tras revisar los datos, el IMT determinó que era necesaria una política sobre persecuciones a pie. El Departamento comenzó de inmediato a trabajar en un borrador basado en las mejores prácticas de las principales ciudades del país.

## Lo que muestran los datos

El CPD revisó los datos disponibles sobre persecuciones a pie de abril a diciembre de 2019. Entre los hallazgos:

- Los agentes de la policía de Chicago participaron en un promedio de siete persecuciones a pie al día durante este período de nueve meses.
- En ese mismo período, un agente reportó una lesión a causa de una persecución a pie, en promedio, una vez al día.
- Aproximadamente una de cada cinco persecuciones a pie en ese período terminó en un arresto.
- La mitad de todas las persecuciones a pie ocurrió entre las 4 de la tarde y la medianoche.
- Cerca de una cuarta parte de las persecuciones a pie reportadas en ese período estuvo asociada con un incidente de uso de la fuerza; por ejemplo, un agente que tiene que derribar a un sospechoso que huye.

## Aspectos destacados de la política

- La nueva política recuerda a los agentes que deben comenzar toda interacción con tácticas destinadas a reducir la posibilidad de una persecución a pie.
- Entre las tácticas para evitar una persecución a pie están la comunicación continua con la persona y que los agentes se sitúen de manera que se reduzca la oportunidad de una persecución.
- También deben considerarse las circunstancias antes de cualquier persecución a pie. Los agentes deben preguntarse si la necesidad de detener a la persona vale el riesgo para los agentes que responden, para el público o para la propia persona.
- La política también establece que las persecuciones a pie solo son apropiadas cuando se cree que una persona ha cometido, está cometiendo o está a punto de cometer un delito, o cuando hay causa probable para un arresto.
- Según la nueva política, ya no pueden iniciarse persecuciones a pie por delitos menos graves que un delito menor de Clase A (Class A misdemeanor).
- Las persecuciones a pie también deben suspenderse si alguien resulta herido y necesita asistencia médica inmediata, si los agentes no saben dónde se encuentran, o si la necesidad de detener a la persona no vale el riesgo para los agentes que responden, para el público o para la propia persona.
- Los supervisores también pueden ordenar a los agentes que suspendan una persecución a pie en cualquier momento.
- Todos los agentes deben notificar a la Oficina de Manejo de Emergencias y Comunicaciones (OEMC) cada persecución a pie y activar sus cámaras corporales para grabar todo el incidente.

## Seminario web virtual

El 1 de junio de 2021, el CPD realizó un seminario web en vivo para revisar la política y responder preguntas del público. Encontrará una nota sobre el seminario web entre los recursos de esta página.""",
    ),
    "zh-hans": (
        "徒步追捕：本市首个徒步追捕政策",
        "芝加哥警察局正在制定本市首个徒步追捕政策，并邀请全市居民和利益相关方共同参与制定。",
        """芝加哥警察局（CPD）正在制定徒步追捕政策，这是本市的第一个此类政策。CPD 认为，有效的徒步追捕政策需要全市居民和利益相关方有意义的社区参与。为满足当前的迫切需要，CPD 已发布一项临时徒步追捕政策，在开展更深入的社区参与期间，该临时政策将继续有效。

CPD 通过对临时政策的公众意见征询期收集了意见，并举办线上社区对话、与社区团体和组织的审议式对话以及匿名问卷调查。之后，CPD 将发布更新后的政策草案，公开征求意见 15 天，并发布一份公开报告，详细说明参与过程、社区意见摘要以及为修订政策所采取的措施。

## 背景

2017 年，美国司法部完成了对芝加哥警察局为期一年的民权调查。调查表明，这个全国第二大的警察局需要进行重大改革以弥补其不足，包括消除歧视性执法。

因此，一名联邦法官批准了一项同意令，该同意令于 2019 年 1 月 31 日获得批准。在众多要求中，同意令要求警察局为独立监察小组（IMT）收集有关徒步追捕的信息。

2021 年 3 月 5 日，独立监察小组在审查数据后认定有必要制定徒步追捕政策。警察局随即根据全国各大城市的最佳做法开始起草政策。

## 数据显示

CPD 审查了 2019 年 4 月至 12 月期间有关徒步追捕的现有数据。调查结果包括：

- 在这九个月期间，芝加哥警员平均每天进行七次徒步追捕。
- 同期，平均每天有一名警员报告因徒步追捕而受伤。
- 在此期间，大约每五次徒步追捕中有一次导致逮捕。
- 所有徒步追捕中有一半发生在下午 4 点至午夜之间。
- 在此期间报告的徒步追捕中，约四分之一与使用武力事件有关，例如警员不得不扑倒逃跑的嫌疑人。

## 政策要点

- 新政策提醒警员在任何接触开始时采取旨在降低徒步追捕可能性的策略。
- 避免徒步追捕的策略包括：与当事人保持持续沟通，并鼓励警员选择能够减少追逐机会的位置。
- 在任何徒步追捕之前还必须考虑具体情况。警员需要自问：抓捕当事人的必要性是否值得让出警警员、公众或当事人承担风险。
- 政策还明确规定，只有在认为某人已经、正在或即将实施犯罪，或存在逮捕的合理根据时，徒步追捕才是适当的。
- 根据新政策，对于轻于 A 类轻罪（Class A misdemeanor）的刑事违法行为，不得再发起徒步追捕。
- 如有人受伤并需要立即医疗救助、警员不清楚自己所在位置，或抓捕当事人的必要性不值得让出警警员、公众或当事人承担风险，也必须停止徒步追捕。
- 主管也可以随时指示警员停止徒步追捕。
- 所有警员都必须将徒步追捕通知应急管理和通信办公室（OEMC），并启动随身摄像机记录整个事件。

## 线上研讨会

CPD 于 2021 年 6 月 1 日举办了一场线上直播研讨会，介绍该政策并回答公众提问。本页的资源中附有关于该研讨会的说明。""",
    ),
    "pl": (
        "Pościgi piesze: pierwsza w mieście polityka dotycząca pościgów pieszych",
        "CPD tworzy politykę dotyczącą pościgów pieszych – pierwszą w mieście – i prosi "
        "mieszkańców oraz zainteresowane strony z całego Chicago o pomoc w jej kształtowaniu.",
        """Departament Policji w Chicago (CPD) tworzy politykę dotyczącą pościgów pieszych – pierwszą w mieście. CPD uważa, że skuteczna polityka w tej sprawie wymaga rzeczywistego zaangażowania mieszkańców i zainteresowanych stron z całego miasta. Aby zaspokoić pilną potrzebę, CPD opublikował tymczasową politykę dotyczącą pościgów pieszych, która pozostanie w mocy, dopóki trwają pogłębione konsultacje ze społecznością.

CPD zbierał opinie w ramach publicznych konsultacji tymczasowej polityki, a także organizuje wirtualne rozmowy ze społecznością, dialogi deliberacyjne z grupami i organizacjami społecznymi oraz anonimową ankietę. Następnie CPD opublikuje projekt zaktualizowanej polityki do publicznego komentowania przez 15 dni i wyda publiczny raport opisujący przebieg konsultacji, podsumowanie opinii społeczności oraz kroki podjęte w celu zmiany polityki.

## Tło

W 2017 roku Departament Sprawiedliwości Stanów Zjednoczonych zakończył trwające rok dochodzenie w sprawie przestrzegania praw obywatelskich przez Departament Policji w Chicago. Dochodzenie wykazało potrzebę istotnych reform, aby usunąć nieprawidłowości w drugim co do wielkości departamencie policji w kraju, w tym wyeliminować dyskryminujące działania policji.

W rezultacie sędzia federalny zatwierdził dekret ugodowy (consent decree), przyjęty 31 stycznia 2019 roku. Wśród wielu wymogów dekret zobowiązał Departament do gromadzenia informacji o pościgach pieszych dla Niezależnego Zespołu Monitorującego (IMT).

5 marca 2021 roku, po przeanalizowaniu danych, IMT uznał, że polityka dotycząca pościgów pieszych jest konieczna. Departament natychmiast rozpoczął prace nad projektem opartym na najlepszych praktykach dużych miast w całym kraju.

## Co pokazują dane

CPD przeanalizował dostępne dane o pościgach pieszych z okresu od kwietnia do grudnia 2019 roku. Ustalenia obejmują:

- W tym dziewięciomiesięcznym okresie funkcjonariusze policji w Chicago prowadzili średnio siedem pościgów pieszych dziennie.
- W tym samym okresie funkcjonariusz zgłaszał obrażenia odniesione w wyniku pościgu pieszego średnio raz dziennie.
- Mniej więcej co piąty pościg pieszy w tym czasie zakończył się aresztowaniem.
- Połowa wszystkich pościgów pieszych miała miejsce między godziną 16:00 a północą.
- Około jedna czwarta zgłoszonych w tym okresie pościgów pieszych wiązała się z użyciem siły – na przykład gdy funkcjonariusz musiał powalić uciekającego podejrzanego.

## Najważniejsze elementy polityki

- Nowa polityka przypomina funkcjonariuszom, aby każdą interakcję rozpoczynali od taktyk ograniczających możliwość pościgu pieszego.
- Taktyki pozwalające uniknąć pościgu pieszego to m.in. stała komunikacja z daną osobą oraz zachęcanie funkcjonariuszy do zajmowania takiej pozycji, która zmniejsza szansę na pościg.
- Przed podjęciem pościgu pieszego należy również wziąć pod uwagę okoliczności. Funkcjonariusze muszą zadać sobie pytanie, czy potrzeba zatrzymania danej osoby jest warta ryzyka dla interweniujących funkcjonariuszy, społeczeństwa lub tej osoby.
- Polityka określa też, że pościg pieszy jest właściwy tylko wtedy, gdy istnieje przekonanie, że dana osoba popełniła, popełnia lub zamierza popełnić przestępstwo, albo gdy istnieje uzasadniona podstawa do aresztowania.
- Zgodnie z nową polityką nie można już podejmować pościgów pieszych w sprawie czynów lżejszych niż wykroczenie klasy A (Class A misdemeanor).
- Pościg pieszy należy również przerwać, jeśli ktoś został ranny i wymaga natychmiastowej pomocy medycznej, jeśli funkcjonariusze nie wiedzą, gdzie się znajdują, oraz jeśli potrzeba zatrzymania osoby nie jest warta ryzyka dla interweniujących funkcjonariuszy, społeczeństwa lub tej osoby.
- Przełożeni mogą też w każdej chwili polecić funkcjonariuszom przerwanie pościgu pieszego.
- Wszyscy funkcjonariusze mają obowiązek powiadomić Biuro Zarządzania Kryzysowego i Komunikacji (OEMC) o pościgu pieszym i włączyć kamery nasobne, aby nagrać całe zdarzenie.

## Webinar

1 czerwca 2021 roku CPD przeprowadził webinar na żywo, aby omówić politykę i odpowiedzieć na pytania mieszkańców. Notatka o webinarze znajduje się wśród materiałów na tej stronie.""",
    ),
    "ar": (
        "المطاردات على الأقدام: أول سياسة للمدينة بشأن المطاردات على الأقدام",
        "تضع إدارة شرطة شيكاغو سياسة للمطاردات على الأقدام، هي الأولى في المدينة، وتدعو السكان "
        "والجهات المعنية في جميع أنحاء شيكاغو إلى المساهمة في صياغتها.",
        """تعمل إدارة شرطة شيكاغو (CPD) على وضع سياسة للمطاردات على الأقدام، وهي الأولى من نوعها في المدينة. وترى الإدارة أن السياسة الفعّالة في هذا الشأن تتطلب مشاركة مجتمعية حقيقية من السكان والجهات المعنية في جميع أنحاء المدينة. ولتلبية الحاجة العاجلة، نشرت الإدارة سياسة مؤقتة للمطاردات على الأقدام ستبقى سارية ريثما تُجرى مشاركة مجتمعية أعمق.

جمعت الإدارة الآراء من خلال فترة تعليق عام على السياسة المؤقتة، وتنظّم حوارات مجتمعية عبر الإنترنت، وحوارات تداولية مع المجموعات والمنظمات المجتمعية، واستبيانًا مجهول الهوية. وبعد ذلك ستنشر الإدارة مسودة سياستها المحدَّثة للتعليق العام مدة 15 يومًا، وستصدر تقريرًا علنيًا يعرض تفاصيل عملية المشاركة وملخصًا لآراء المجتمع والخطوات التي اتخذتها لمراجعة السياسة.

## الخلفية

في عام 2017، أنهت وزارة العدل الأمريكية تحقيقًا في الحقوق المدنية استمر عامًا كاملًا بشأن إدارة شرطة شيكاغو. وكشف التحقيق عن الحاجة إلى إصلاحات كبيرة لمعالجة أوجه القصور في ثاني أكبر إدارة شرطة في البلاد، ومنها القضاء على العمل الشرطي التمييزي.

وأدى ذلك إلى أن يأذن قاضٍ فيدرالي بمرسوم توافقي (consent decree) تمت الموافقة عليه في 31 يناير 2019. ومن بين متطلباته العديدة، ألزم المرسوم التوافقي الإدارة بجمع معلومات عن المطاردات على الأقدام لصالح فريق المراقبة المستقل (IMT).

وفي 5 مارس 2021، وبعد مراجعة البيانات، قرر فريق المراقبة المستقل أن وضع سياسة للمطاردات على الأقدام أمر ضروري. وبدأت الإدارة على الفور العمل على مسودة سياسة تستند إلى أفضل الممارسات في المدن الكبرى في أنحاء البلاد.

## ما تُظهره البيانات

راجعت الإدارة البيانات المتاحة عن المطاردات على الأقدام من أبريل إلى ديسمبر 2019. ومن النتائج:

- شارك ضباط شرطة شيكاغو في سبع مطاردات على الأقدام يوميًا في المتوسط خلال فترة الأشهر التسعة هذه.
- وخلال الفترة نفسها، أبلغ ضابط عن إصابة نتيجة مطاردة على الأقدام مرة واحدة يوميًا في المتوسط.
- انتهت نحو مطاردة واحدة من كل خمس مطاردات على الأقدام خلال هذه الفترة باعتقال.
- وقعت نصف المطاردات على الأقدام بين الساعة 4 مساءً ومنتصف الليل.
- ارتبط نحو ربع المطاردات على الأقدام المبلّغ عنها خلال هذه الفترة بحادثة استخدام للقوة، ومن أمثلة ذلك اضطرار ضابط إلى طرح مشتبه به هارب أرضًا.

## أبرز ما في السياسة

- تذكّر السياسة الجديدة الضباط بأن يبدأوا أي تعامل بأساليب تهدف إلى تقليل احتمال حدوث مطاردة على الأقدام.
- من أساليب تجنب المطاردة على الأقدام: التواصل المستمر مع الشخص، وتشجيع الضباط على اتخاذ مواقع تقلل فرص حدوث مطاردة.
- يجب أيضًا مراعاة الظروف قبل أي مطاردة على الأقدام. وعلى الضباط أن يسألوا أنفسهم: هل الحاجة إلى القبض على الشخص تستحق المخاطرة بالضباط المستجيبين أو بالجمهور أو بالشخص نفسه؟
- تنص السياسة أيضًا على أن المطاردات على الأقدام لا تكون مناسبة إلا عند الاعتقاد بأن الشخص قد ارتكب جريمة أو يرتكبها أو على وشك ارتكابها، أو عند وجود سبب معقول للاعتقال.
- وفقًا للسياسة الجديدة، لم يعد يجوز بدء مطاردة على الأقدام بسبب مخالفات جنائية أخف من الجنحة من الفئة A ‏(Class A misdemeanor).
- يجب أيضًا إيقاف المطاردة على الأقدام إذا أُصيب أحد واحتاج إلى مساعدة طبية فورية، أو إذا لم يعرف الضباط موقعهم، أو إذا كانت الحاجة إلى القبض على الشخص لا تستحق المخاطرة بالضباط المستجيبين أو بالجمهور أو بالشخص نفسه.
- يمكن للمشرفين أيضًا أن يأمروا الضباط بإيقاف المطاردة على الأقدام في أي وقت.
- يُطلب من جميع الضباط إخطار مكتب إدارة الطوارئ والاتصالات (OEMC) بأي مطاردة على الأقدام، وتشغيل كاميراتهم المثبتة على الجسم لتسجيل الحادثة كاملة.

## ندوة عبر الإنترنت

عقدت الإدارة في 1 يونيو 2021 ندوة مباشرة عبر الإنترنت لمراجعة السياسة والإجابة عن أسئلة الجمهور. وتجد ملاحظة عن الندوة ضمن الموارد في هذه الصفحة.""",
    ),
    "hi": (
        "पैदल पीछा: शहर की पहली पैदल पीछा नीति",
        "शिकागो पुलिस विभाग शहर की पहली पैदल पीछा (फ़ुट परस्यूट) नीति बना रहा है और पूरे "
        "शिकागो के निवासियों और हितधारकों से इसे आकार देने में मदद माँग रहा है।",
        """शिकागो पुलिस विभाग (CPD) पैदल पीछा (फ़ुट परस्यूट) नीति बना रहा है — यह शहर की पहली ऐसी नीति है। CPD का मानना है कि एक प्रभावी पैदल पीछा नीति के लिए पूरे शहर के निवासियों और हितधारकों की सार्थक सामुदायिक भागीदारी आवश्यक है। तात्कालिक आवश्यकता को पूरा करने के लिए CPD ने एक अंतरिम पैदल पीछा नीति प्रकाशित की है, जो गहन सामुदायिक भागीदारी के दौरान लागू रहेगी।

CPD ने अंतरिम नीति पर सार्वजनिक टिप्पणी अवधि के माध्यम से राय ली, और वह ऑनलाइन सामुदायिक बातचीत, सामुदायिक समूहों और संगठनों के साथ विचार-विमर्श संवाद, तथा एक गुमनाम सर्वेक्षण आयोजित कर रहा है। इसके बाद CPD अपनी अद्यतन नीति का मसौदा 15 दिनों की सार्वजनिक टिप्पणी के लिए प्रकाशित करेगा, और एक सार्वजनिक रिपोर्ट जारी करेगा जिसमें भागीदारी की प्रक्रिया, समुदाय की राय का सारांश और नीति में संशोधन के लिए उठाए गए कदमों का विवरण होगा।

## पृष्ठभूमि

2017 में, संयुक्त राज्य अमेरिका के न्याय विभाग ने शिकागो पुलिस विभाग की एक साल लंबी नागरिक अधिकार जाँच पूरी की। जाँच से पता चला कि देश के दूसरे सबसे बड़े पुलिस विभाग की कमियों को दूर करने के लिए बड़े सुधारों की आवश्यकता है, जिनमें भेदभावपूर्ण पुलिसिंग को समाप्त करना भी शामिल है।

इसके परिणामस्वरूप एक संघीय न्यायाधीश ने एक सहमति डिक्री (consent decree) को अधिकृत किया, जिसे 31 जनवरी 2019 को मंज़ूरी मिली। इसकी कई आवश्यकताओं में से एक यह थी कि विभाग स्वतंत्र निगरानी दल (IMT) के लिए पैदल पीछा से जुड़ी जानकारी एकत्र करे।

5 मार्च 2021 को, आँकड़ों की समीक्षा के बाद, IMT ने निर्धारित किया कि पैदल पीछा नीति आवश्यक है। विभाग ने तुरंत देश भर के बड़े शहरों की सर्वोत्तम प्रथाओं पर आधारित नीति का मसौदा तैयार करना शुरू कर दिया।

## आँकड़े क्या बताते हैं

CPD ने अप्रैल 2019 से दिसंबर 2019 तक पैदल पीछा से जुड़े उपलब्ध आँकड़ों की समीक्षा की। निष्कर्षों में शामिल हैं:

- इन नौ महीनों के दौरान शिकागो पुलिस अधिकारियों ने औसतन प्रतिदिन सात बार पैदल पीछा किया।
- इसी अवधि में, पैदल पीछा के कारण किसी अधिकारी के घायल होने की रिपोर्ट औसतन दिन में एक बार आई।
- इस अवधि में लगभग हर पाँच में से एक पैदल पीछा गिरफ़्तारी में समाप्त हुआ।
- सभी पैदल पीछा में से आधे शाम 4 बजे से आधी रात के बीच हुए।
- इस अवधि में दर्ज लगभग एक-चौथाई पैदल पीछा बल प्रयोग की किसी घटना से जुड़े थे — उदाहरण के लिए, किसी अधिकारी को भागते संदिग्ध को गिराकर पकड़ना पड़ा।

## नीति की मुख्य बातें

- नई नीति अधिकारियों को याद दिलाती है कि वे हर बातचीत की शुरुआत ऐसी रणनीतियों से करें जो पैदल पीछा की संभावना को कम करें।
- पैदल पीछा से बचने की रणनीतियों में शामिल हैं: व्यक्ति के साथ लगातार संवाद बनाए रखना, और अधिकारियों को ऐसी जगह खड़े होने के लिए प्रोत्साहित करना जिससे पीछा करने की नौबत कम आए।
- किसी भी पैदल पीछा से पहले परिस्थितियों पर भी विचार करना ज़रूरी है। अधिकारियों को स्वयं से पूछना चाहिए कि क्या व्यक्ति को पकड़ने की आवश्यकता मौके पर पहुँचे अधिकारियों, जनता या उस व्यक्ति के लिए जोखिम के लायक है।
- नीति यह भी स्पष्ट करती है कि पैदल पीछा तभी उचित है जब यह माना जाए कि व्यक्ति ने कोई अपराध किया है, कर रहा है या करने वाला है, या गिरफ़्तारी के लिए संभावित कारण (probable cause) मौजूद हो।
- नई नीति के अनुसार, क्लास A मिस्डिमीनर (Class A misdemeanor) से कम गंभीर आपराधिक अपराधों के लिए अब पैदल पीछा शुरू नहीं किया जा सकता।
- पैदल पीछा तब भी रोकना होगा यदि कोई घायल हो जाए और उसे तुरंत चिकित्सा सहायता चाहिए, यदि अधिकारियों को अपनी स्थिति का पता न हो, या यदि व्यक्ति को पकड़ने की आवश्यकता मौके पर पहुँचे अधिकारियों, जनता या उस व्यक्ति के लिए जोखिम के लायक न हो।
- पर्यवेक्षक भी किसी भी समय अधिकारियों को पैदल पीछा रोकने का निर्देश दे सकते हैं।
- सभी अधिकारियों को पैदल पीछा की सूचना आपातकालीन प्रबंधन और संचार कार्यालय (OEMC) को देनी होगी और पूरी घटना रिकॉर्ड करने के लिए अपने बॉडी-वॉर्न कैमरे चालू करने होंगे।

## ऑनलाइन वेबिनार

CPD ने 1 जून 2021 को नीति की समीक्षा करने और जनता के प्रश्नों के उत्तर देने के लिए एक लाइव वेबिनार आयोजित किया। वेबिनार के बारे में एक नोट इस पृष्ठ के संसाधनों में उपलब्ध है।""",
    ),
}

SRO_WORKING_GROUP: Texts = {
    "en": (
        "School Resource Officer Community Working Group",
        "Volunteers from across Chicago reviewed CPD's School Resource Officer policy and "
        "recommended how to improve it; read the City's report, CPD's response and the votes.",
        """The Chicago Police Department (CPD) School Resource Officer (SRO) Community Working Group (CWG) is a community-focused policy working group tasked with reviewing the current CPD SRO policy and providing input, feedback and recommendations to CPD to improve this policy.

The working group consisted of volunteer members who are committed to providing a community perspective on the existing CPD School Resource Officer policy, and who come from all over the City of Chicago to ensure diverse representation.

## What you can read

- The City of Chicago report on the working group documents the process of community engagement, from the initial solicitation of volunteers through CPD's response to the group's final recommendations.
- CPD's official response to the working group's recommendations.
- The working group members' voting results on the recommendations to move forward to CPD.""",
    ),
    "es": (
        "Grupo de Trabajo Comunitario sobre Agentes de Recursos Escolares",
        "Voluntarios de todo Chicago revisaron la política del CPD sobre agentes de recursos "
        "escolares y recomendaron cómo mejorarla; lea el informe de la Ciudad, la respuesta del "
        "CPD y las votaciones.",
        """El Grupo de Trabajo Comunitario (CWG) sobre Agentes de Recursos Escolares (SRO) del Departamento de Policía de Chicago (CPD) es un grupo de trabajo centrado en la comunidad, encargado de revisar la política vigente del CPD sobre agentes de recursos escolares y de aportar opiniones, comentarios y recomendaciones al CPD para mejorarla.

El grupo de trabajo estuvo formado por miembros voluntarios comprometidos con aportar una perspectiva comunitaria sobre la política vigente, procedentes de toda la Ciudad de Chicago para garantizar una representación diversa.

## Lo que puede leer

- El informe de la Ciudad de Chicago sobre el grupo de trabajo documenta el proceso de participación comunitaria, desde la convocatoria inicial de voluntarios hasta la respuesta del CPD a las recomendaciones finales del grupo.
- La respuesta oficial del CPD a las recomendaciones del grupo de trabajo.
- Los resultados de las votaciones de los miembros del grupo sobre las recomendaciones que se trasladaron al CPD.""",
    ),
}

STRATEGIC_PLANS: Texts = {
    "en": (
        "District strategic plans: community conversations in all 22 districts",
        "The Office of Community Policing holds a community conversation in each of the 22 "
        "police districts to hear what residents want in their district's plan.",
        """The CPD Office of Community Policing (OCP) hosts community conversations in each of the 22 police districts to get community input on the development of each district's plan. A second meeting is then held in each district to review the draft plan and gather additional input.

All community conversations are held virtually via Zoom. A call-in option is available for anyone who is unable to join virtually. Find your district's conversation in the list below, or on your district's page.""",
    ),
    "es": (
        "Planes estratégicos de los distritos: conversaciones comunitarias en los 22 distritos",
        "La Oficina de Policía Comunitaria celebra una conversación comunitaria en cada uno de los "
        "22 distritos policiales para escuchar lo que los residentes quieren en el plan de su "
        "distrito.",
        """La Oficina de Policía Comunitaria (OCP) del CPD organiza conversaciones comunitarias en cada uno de los 22 distritos policiales para recoger las opiniones de la comunidad sobre la elaboración del plan de cada distrito. Después se celebra una segunda reunión en cada distrito para revisar el borrador del plan y recoger más opiniones.

Todas las conversaciones comunitarias se celebran de forma virtual por Zoom. Hay una opción para participar por teléfono para quien no pueda conectarse en línea. Busque la conversación de su distrito en la lista de abajo o en la página de su distrito.""",
    ),
}

COPA_FORUMS: Texts = {
    "en": (
        "COPA Chief Administrator search and selection: public forums",
        "Four public forums where residents speak before the committee ahead of the selection "
        "of the next Chief Administrator of COPA.",
        """The Mayor's Office of Community Engagement hosts four public forums that give residents the opportunity to speak before members of the committee prior to the selection of the next Chief Administrator of the Civilian Office of Police Accountability (COPA), from 6:30 pm to 8:00 pm each night, at the places listed below.

Members of the public can submit questions, comments and thoughts about priorities for the position of Chief Administrator of COPA by emailing COPAsearch@cityofchicago.org if unable to attend any of the community engagement sessions.

To view the job description or obtain more information about the selection process, visit www.chicagocopa.org/about-copa/careers/.""",
    ),
    "es": (
        "Búsqueda y selección del Administrador Jefe de COPA: foros públicos",
        "Cuatro foros públicos en los que los residentes hablan ante el comité antes de la "
        "selección del próximo Administrador Jefe de COPA.",
        """La Oficina de Participación Comunitaria de la Alcaldía organiza cuatro foros públicos que ofrecen a los residentes la oportunidad de hablar ante los miembros del comité antes de la selección del próximo Administrador Jefe de la Oficina Civil de Rendición de Cuentas de la Policía (COPA), de 6:30 a 8:00 de la tarde cada noche, en los lugares indicados abajo.

Quien no pueda asistir a ninguna de las sesiones puede enviar preguntas, comentarios e ideas sobre las prioridades del puesto de Administrador Jefe de COPA por correo electrónico a COPAsearch@cityofchicago.org.

Para ver la descripción del puesto o más información sobre el proceso de selección, visite www.chicagocopa.org/about-copa/careers/.""",
    ),
}

CCMHE: Texts = {
    "en": (
        "Chicago Council on Mental Health Equity (CCMHE): quarterly meetings",
        "The City's main advisory committee on mental and behavioral health meets quarterly; "
        "anyone may address it during the public comment period.",
        """The CCMHE serves as the City's main advisory committee on all mental and behavioral health topics and is co-chaired by the Mayor's Office and the Chicago Department of Public Health. This diverse committee is comprised of multiple city agencies, mental and behavioral health stakeholders, local elected officials, and individuals with lived experience.

## Join us

The meetings are held quarterly on a selected Monday at 12:30 pm in the months of February, April, July and November, virtually via Zoom. The agenda and the Zoom link are posted no later than 48 hours before the next scheduled meeting.

## Public comment period

- Any person who wishes to address the CCMHE during the public comment period must email a request to CCMHE@cityofchicago.org no less than 24 hours before the start of the next scheduled meeting. Those who submit a request to speak receive a confirmation email in response.
- Anyone who wishes to address the CCMHE must be available at the scheduled start time of the meeting and audibly heard through the virtual platform. The public comment period is limited to 30 minutes overall, with each participant limited to 3 minutes, so there is no assurance that every person who emails will have an opportunity to speak. Each speaker is limited to the subject matter on the agenda and one opportunity to speak.
- Public comments may also be emailed to CCMHE@cityofchicago.org no later than one hour before the start of the next scheduled meeting. Public comment sent by email is emailed to the members of the CCMHE to review during the meeting.""",
    ),
    "es": (
        "Consejo de Equidad en Salud Mental de Chicago (CCMHE): reuniones trimestrales",
        "El principal comité asesor de la Ciudad sobre salud mental y conductual se reúne cada "
        "trimestre; cualquier persona puede dirigirse a él durante el período de comentarios "
        "del público.",
        """El CCMHE es el principal comité asesor de la Ciudad en todos los temas de salud mental y conductual, y lo copresiden la Alcaldía y el Departamento de Salud Pública de Chicago. Este comité diverso reúne a varias agencias de la Ciudad, a actores de la salud mental y conductual, a funcionarios electos locales y a personas con experiencia vivida.

## Participe

Las reuniones se celebran cada trimestre un lunes seleccionado a las 12:30 p. m. en los meses de febrero, abril, julio y noviembre, de forma virtual por Zoom. El orden del día y el enlace de Zoom se publican a más tardar 48 horas antes de la siguiente reunión programada.

## Período de comentarios del público

- Quien desee dirigirse al CCMHE durante el período de comentarios del público debe enviar una solicitud por correo electrónico a CCMHE@cityofchicago.org al menos 24 horas antes del inicio de la siguiente reunión programada. Quienes envíen una solicitud para hablar recibirán un correo de confirmación.
- Quien desee dirigirse al CCMHE debe estar disponible a la hora de inicio de la reunión y poder oírse a través de la plataforma virtual. El período de comentarios del público está limitado a 30 minutos en total y a 3 minutos por participante, por lo que no se garantiza que todas las personas que escriban puedan hablar. Cada orador se limita a los temas del orden del día y a una sola oportunidad de hablar.
- También se pueden enviar comentarios por correo electrónico a CCMHE@cityofchicago.org a más tardar una hora antes del inicio de la siguiente reunión programada. Los comentarios enviados por correo se reenvían a los miembros del CCMHE para que los revisen durante la reunión.""",
    ),
}
