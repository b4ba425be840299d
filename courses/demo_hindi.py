"""Hindi translations of the demo bootcamp (called by courses.demo.load).

The bootcamp, its four stages, the live sessions and the pre-event modules are translated
through wagtail-localize (lms.page_languages.save_translation), as a trainer would in the
admin, and published. One module, "WhatsApp Business: numbers, profiles and rules", is then
changed in English after its translation: the admin's Translations report and the page
itself show that translation as out of date. Idempotent: a page already translated is left
alone (trainers may have edited the translation).

Each translation repeats its English source's structure (the same blocks, paragraphs and
list items, in the same order) because wagtail-localize translates segment by segment.
"""

from wagtail_localize.models import Translation

from courses.demo_blocks import checklist, h, p, takeaway, tip
from courses.models import BootcampPage, LiveSessionPage, ModulePage, StagePage
from lms import page_languages

LANGUAGE = "hi"

BOOTCAMP = {
    "title": "चैट फ़ॉर इम्पैक्ट",
    "summary": "व्हाट्सऐप हेल्पलाइन शुरू करने वाले एनजीओ के लिए दो दिन के लाइव ऑनलाइन सत्र, "
               "कार्यक्रम से पहले का काम और दो हफ़्ते बाद एक फ़ॉलो-अप सत्र।",
    "selection_criteria": "<ul><li>पहुँच: आप जिन लोगों की सेवा करते हैं और आप उन्हें कितनी "
                          "अच्छी तरह जानते हैं।</li><li>तैयारी: हेल्पलाइन का एक ठोस पहला "
                          "उपयोग।</li><li>प्रतिबद्धता: एक टीम जो हर सत्र में शामिल होती है।"
                          "</li></ul>",
}

STAGES = {
    "pre-event": {"title": "कार्यक्रम से पहले का काम",
                  "intro": "<p>लाइव दिनों से पहले लगभग 90 मिनट पढ़ना और तैयारी। इसे अपनी "
                           "टीम के साथ करें।</p>"},
    "day-1": {"title": "पहला दिन"},
    "day-2": {"title": "दूसरा दिन"},
    "follow-up": {"title": "फ़ॉलो-अप"},
}

SESSIONS = {
    "opening-and-menus": "शुरुआत और हेल्पलाइन मेन्यू बनाना",
    "templates-clinic": "मैसेज टेम्पलेट क्लिनिक",
    "safeguarding-practice": "सुरक्षा व्यवहार में",
    "launch-plans": "लॉन्च योजनाएँ और साथियों की समीक्षा",
    "follow-up-review": "फ़ॉलो-अप: पहले महीने की समीक्षा",
}
AGENDA = ("<ul><li>स्वागत और हाज़िरी</li><li>एक हल किया हुआ उदाहरण</li>"
          "<li>ब्रेकआउट रूम में टीम अभ्यास</li><li>सवाल</li></ul>")

PRE_EVENT_MODULES = {
    "why-a-whatsapp-helpline": ("व्हाट्सऐप हेल्पलाइन क्यों?", [
        p("आपका एनजीओ जिन लोगों की सेवा करता है, उनमें से ज़्यादातर हर दिन व्हाट्सऐप इस्तेमाल "
          "करते हैं, अक्सर परिवार के साझा फ़ोन और प्रीपेड डेटा पैक पर। व्हाट्सऐप पर हेल्पलाइन "
          "उनसे वहीं मिलती है जहाँ वे हैं: वे अपनी भाषा में लिख सकते हैं, लिखना मुश्किल हो तो "
          "वॉइस नोट भेज सकते हैं, और जवाब बाद में फिर से देख सकते हैं।"),
        h("हेल्पलाइन किस लिए है"),
        p("हेल्पलाइन कुछ ही सवालों का जवाब बार-बार देती है — सबसे पास का कैंप कहाँ है, राशन "
          "कार्ड के लिए कौन-से दस्तावेज़ चाहिए, कुत्ते के काटने के बाद क्या करें। वे बीस सवाल "
          "लिख लीजिए जो आपके फ़ील्ड स्टाफ़ सबसे ज़्यादा सुनते हैं: यही आपकी हेल्पलाइन का "
          "पहला रूप है।"),
        takeaway("तकनीक से नहीं, उन सवालों से शुरू करें जो लोग पहले से आपके स्टाफ़ से पूछते हैं।"),
    ]),
    "know-your-callers": ("उन लोगों को जानिए जो आपको संदेश भेजेंगे", [
        p("मेन्यू बनाने से पहले, उन पाँच लोगों के साथ एक घंटा बिताइए जो हेल्पलाइन इस्तेमाल "
          "करेंगे। पूछिए कि वे कौन-सा फ़ोन इस्तेमाल करते हैं, उसे और कौन इस्तेमाल करता है, उनके "
          "पास डेटा कब होता है, और वे कौन-सी भाषा पढ़ना और बोलना पसंद करते हैं।"),
        checklist("आपकी पहली पाँच बातचीत के सवाल",
                  "यह फ़ोन किसका है, और इसके संदेश और कौन पढ़ता है?",
                  "दिन में कब आपके पास डेटा और समय होता है?",
                  "आप लिखना, वॉइस नोट भेजना या वापस कॉल करना, क्या पसंद करेंगे?",
                  "आप कौन-सी भाषा आराम से पढ़ लेते हैं?"),
        tip("निजता", "साझा फ़ोन का मतलब है कि संदेश कोई और भी पढ़ सकता है। पहले संदेश में कभी "
                     "कोई संवेदनशील जानकारी न लिखें।"),
        takeaway("साझा फ़ोन, छोटे डेटा पैक और वॉइस नोट को ध्यान में रखकर बनाइए।"),
    ]),
    "business-account-basics": ("व्हाट्सऐप बिज़नेस: नंबर, प्रोफ़ाइल और नियम", [
        p("हेल्पलाइन को अपना एक नंबर चाहिए जो किसी का निजी फ़ोन न हो। तय कीजिए कि सिम किसके "
          "नाम है, कहाँ रखा जाता है, और जब वह व्यक्ति छुट्टी पर हो तो संदेश कौन पढ़ सकता है।"),
        h("टेम्पलेट और 24 घंटे की अवधि"),
        p("किसी के आपको लिखने के बाद 24 घंटे तक आप खुलकर जवाब दे सकते हैं। उस अवधि के बाहर "
          "केवल पहले से स्वीकृत मैसेज टेम्पलेट भेजे जा सकते हैं — जैसे कल के स्वास्थ्य कैंप का "
          "रिमाइंडर। अपने टेम्पलेट जल्दी तैयार करें: स्वीकृति में कई दिन लग सकते हैं।"),
        checklist("लाइव दिनों से पहले",
                  "एक अलग नंबर, जिसका सिम संगठन के नाम पंजीकृत हो",
                  "आपके पते, समय और वेबसाइट के साथ एक बिज़नेस प्रोफ़ाइल",
                  "तीन मैसेज टेम्पलेट के मसौदे: स्वागत, रिमाइंडर, फ़ॉलो-अप"),
        takeaway("नंबर संगठन का होता है, किसी एक स्टाफ़ सदस्य का कभी नहीं।"),
    ]),
    "writing-for-small-screens": ("छोटी स्क्रीन के लिए संदेश लिखना", [
        p("हर संदेश में एक बात लिखिए और उसे 60 शब्दों से कम रखिए। काम की बात पहले लिखिए: "
          "<b>अपना आधार कार्ड और एक फ़ोटो लाएँ</b>, फिर उसका कारण।"),
        p("वही शब्द इस्तेमाल कीजिए जो लोग इस्तेमाल करते हैं। अगर लोग “राशन कार्ड” कहते हैं और "
          "आपकी योजना “पीडीएस पात्रता” कहती है, तो “राशन कार्ड” लिखिए।"),
        tip("नंबर और विकल्प", "ज़्यादा से ज़्यादा चार विकल्प दीजिए, 1–4 नंबर के साथ, ताकि लोग "
                              "एक अंक से जवाब दे सकें।"),
        takeaway("काम की बात पहले, हर संदेश में एक बात, लोगों के अपने शब्द।"),
    ]),
    "safeguarding-and-consent": ("सुरक्षा, सहमति और डेटा", [
        p("लोग आपकी हेल्पलाइन को हिंसा, बीमारी और कर्ज़ के बारे में बताएँगे। अभी तय कीजिए कि "
          "ऐसे संदेश कौन संभालेगा, कितनी जल्दी, और कब किसी स्वयंसेवक को बातचीत किसी काउंसलर या "
          "पुलिस हेल्पलाइन (112) को सौंपनी होगी।"),
        checklist("आपकी सुरक्षा की बुनियादी बातें",
                  "नामों और फ़ोन नंबरों के साथ लिखा हुआ आगे भेजने का रास्ता",
                  "किसी की जानकारी सहेजने से पहले भेजा गया सहमति संदेश",
                  "सौंपने के बाद निजी फ़ोन से चैट मिटा दी जाती हैं",
                  "डेटा सुरक्षा के लिए ज़िम्मेदार एक नामित व्यक्ति"),
        takeaway("हर स्वयंसेवक जानता है कि बातचीत कब और किसे सौंपनी है।"),
    ]),
    "team-roles-and-rota": ("टीम की भूमिकाएँ और साप्ताहिक रोस्टर", [
        p("जो हेल्पलाइन काम के घंटों में एक घंटे के अंदर जवाब देती है, वह उस हेल्पलाइन से बेहतर "
          "है जो 24×7 का वादा करती है और तीन दिन बाद जवाब देती है। हर शिफ़्ट में दो लोगों और एक "
          "नामित सुपरवाइज़र के साथ रोस्टर बनाइए।"),
        takeaway("केवल उतने घंटों का वादा कीजिए जितने आपकी टीम निभा सके।"),
    ]),
}
# Changed in English after its translation: the demo's out-of-date translation.
OUT_OF_DATE_MODULE = "business-account-basics"
ADDED_AFTER_TRANSLATION = p(
    "Update: message templates are now reviewed within a day for most NGOs, but a template "
    "with a link or a phone number can still take longer. Submit those first.")


def _translate(source, model, user, **fields) -> bool:
    """Translate `source` unless wagtail-localize translates it already; whether it was
    translated now."""
    if source is None or Translation.objects.filter(
            source__object_id=source.translation_key,
            target_locale__language_code=LANGUAGE).exists():
        return False
    page_languages.save_translation(source, model(**fields), language=LANGUAGE, user=user)
    return True


def translate(bootcamp: BootcampPage, *, user) -> list[str]:
    """Translate the demo bootcamp into Hindi (what is not translated yet). Returns the
    titles translated now."""
    done = []
    if _translate(bootcamp, BootcampPage, user, **BOOTCAMP):
        done.append(bootcamp.title)
    stages = {stage.slug: stage for stage in StagePage.objects.child_of(bootcamp)}
    for slug, fields in STAGES.items():
        if _translate(stages.get(slug), StagePage, user, **fields):
            done.append(stages[slug].title)
    for session in LiveSessionPage.objects.descendant_of(bootcamp):
        if session.slug in SESSIONS and _translate(
                session, LiveSessionPage, user, title=SESSIONS[session.slug], agenda=AGENDA):
            done.append(session.title)
    modules = {module.slug: module for module in ModulePage.objects.descendant_of(bootcamp)}
    for slug, (title, body) in PRE_EVENT_MODULES.items():
        module = modules.get(slug)
        if _translate(module, ModulePage, user, title=title, body=body):
            done.append(module.title)
            if slug == OUT_OF_DATE_MODULE:
                module.body.append(("paragraph", ADDED_AFTER_TRANSLATION["value"]))
                module.save_revision(user=user).publish()
    return done
