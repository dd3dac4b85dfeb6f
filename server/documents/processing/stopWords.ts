/**
 * The most frequent function words of each language, which make up a large
 * share of any running text. English and Spanish are the languages Tramite
 * indexes with their own stemmer; the others are here so that a French,
 * Portuguese, Italian or German text, which shares words such as "de", "la",
 * "que" or "in" with them, wins for itself and is reported as 'other'.
 */
export const stopWords = {
  en: `the and of to in is that it for was on are with as be this by have from or an they which you were their has been
    would will not but at we can all there more these should its our your what when who shall must may into than them
    he she his her if about also other such any only then those each does did had could`,
  es: `de la que el en y a los se del las un por con no una su para es al lo como más pero sus le ya fue este ha sí porque esta
    son entre está cuando muy sin sobre ser también me hasta hay donde han desde todo nos durante todos uno les ni
    contra otros ese eso había ante ellos esto antes algunos qué unos yo otro otras otra él tanto esa estos mucho
    quienes nada muchos cual sea poco ella estar haber estas estaba algunas algo nosotros usted debe puede según`,
  fr: `le la les de des du et est un une pour dans en que qui pas sur au aux avec ce cette il elle ne se sont par plus nous
    vous ont été mais ou son sa ses leur être avoir était fait comme tout aussi je très`,
  pt: `de a o que e do da em um para é com não uma os no se na por mais as dos como mas foi ao ele das tem à seu sua ou ser
    quando muito há nos já está eu também só pelo pela até isso ela entre era depois sem mesmo aos ter seus quem nas
    esse eles estão você tinha foram essa num nem suas meu às minha têm numa pelos elas havia seja qual será nós`,
  it: `di che il la e per un una non in del della sono con si da al le lo gli come ma più anche questo ha nel alla è dei
    delle io ci mi lei lui essere stato molto quando tutto perché già solo sul sulla`,
  de: `der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch es an werden aus er hat dass
    sie nach wird bei einer um am sind noch wie einem über einen so zum war haben nur oder aber vor zur bis mehr
    durch man sein wurde sei`,
} as const;

export type StopWordLanguage = keyof typeof stopWords;
