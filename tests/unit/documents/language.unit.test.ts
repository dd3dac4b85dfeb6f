import { describe, expect, it } from 'vitest';
import { countWords, detectLanguage } from '@/server/documents/processing';

describe('detectLanguage', () => {
  it('recognises English prose', () => {
    expect(detectLanguage('The board will meet on Monday to review the budget, and all of the members should bring their reports.')).toBe('en');
  });

  it('recognises Spanish prose', () => {
    expect(detectLanguage('La junta se reunirá el lunes para revisar el presupuesto, y todos los miembros deben traer sus informes.')).toBe('es');
  });

  it('does not take French, Portuguese, Italian or German for Spanish or English', () => {
    expect(detectLanguage("Le conseil se réunira lundi pour examiner le budget, et tous les membres doivent apporter leurs rapports pour la séance.")).toBe('other');
    expect(detectLanguage('O conselho vai se reunir na segunda-feira para rever o orçamento, e todos os membros devem trazer os seus relatórios.')).toBe('other');
    expect(detectLanguage('Il consiglio si riunirà lunedì per esaminare il bilancio, e tutti i membri devono portare le loro relazioni per la seduta.')).toBe('other');
    expect(detectLanguage('Der Vorstand wird sich am Montag treffen, um das Budget zu prüfen, und alle Mitglieder sollen ihre Berichte mitbringen.')).toBe('other');
  });

  it("says 'other' for a text too short to tell", () => {
    expect(detectLanguage('The invoice')).toBe('other');
    expect(detectLanguage('La factura del mes')).toBe('other');
  });

  it("says 'other' for data with few function words", () => {
    expect(detectLanguage('id,name,amount\n1,Widget,10\n2,Gadget,20\n3,Gizmo,30\n4,Doohickey,40\n5,Thing,50')).toBe('other');
  });

  it('is the same for accents typed as one character or as a letter and a combining mark', () => {
    const composed = 'Además, la reunión está prevista para más tarde y también habrá café para todos los que vengan.';
    expect(detectLanguage(composed.normalize('NFD').normalize('NFC'))).toBe('es');
  });
});

describe('countWords', () => {
  it('counts accented Spanish words as one word each', () => {
    expect(countWords('¿Cuántos años tenía el niño? ¡Muchísimos!')).toBe(6);
  });

  it('keeps apostrophes and hyphens inside a word, and counts numbers', () => {
    expect(countWords("It's a well-known fact: 42 people didn't come.")).toBe(8);
  });

  it('does not split a letter from its combining accent', () => {
    expect(countWords('an\u0303o nin\u0303o')).toBe(2);
  });
});
