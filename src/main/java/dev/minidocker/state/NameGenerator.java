package dev.minidocker.state;

import java.util.List;
import java.util.random.RandomGenerator;

/** Docker-style container names: an adjective and a scientist's surname, {@code eager_turing}. */
public final class NameGenerator {
    private static final List<String> ADJECTIVES = List.of(
            "admiring", "amazing", "awesome", "blissful", "bold", "brave", "busy", "charming", "clever",
            "compassionate", "confident", "cool", "dazzling", "determined", "dreamy", "eager", "ecstatic",
            "elastic", "elegant", "epic", "exciting", "fervent", "festive", "flamboyant", "focused",
            "friendly", "gallant", "gifted", "goofy", "gracious", "happy", "hopeful", "hungry", "inspiring",
            "intelligent", "jolly", "jovial", "keen", "kind", "laughing", "loving", "lucid", "magical",
            "modest", "musing", "mystifying", "naughty", "nervous", "nice", "nifty", "nostalgic",
            "objective", "optimistic", "peaceful", "pensive", "practical", "priceless", "quirky", "quizzical",
            "relaxed", "reverent", "romantic", "sad", "serene", "sharp", "silly", "sleepy", "stoic",
            "strange", "stupefied", "suspicious", "sweet", "tender", "thirsty", "trusting", "upbeat",
            "vibrant", "vigilant", "vigorous", "wizardly", "wonderful", "xenodochial", "youthful", "zealous",
            "zen");
    private static final List<String> SURNAMES = List.of(
            "agnesi", "albattani", "allen", "archimedes", "babbage", "banach", "bardeen", "bartik", "bell",
            "bhabha", "blackwell", "bohr", "booth", "borg", "bose", "brahmagupta", "brattain", "brown",
            "carson", "cerf", "chandrasekhar", "clarke", "curie", "darwin", "davinci", "diffie", "dijkstra",
            "einstein", "elion", "engelbart", "euclid", "euler", "faraday", "fermat", "fermi", "feynman",
            "franklin", "galileo", "gauss", "goldberg", "goodall", "hamilton", "hawking", "heisenberg",
            "hermann", "hodgkin", "hoover", "hopper", "hypatia", "jackson", "jennings", "johnson", "kalam",
            "kepler", "khorana", "knuth", "kowalevski", "lamarr", "lamport", "leakey", "lovelace", "lumiere",
            "mayer", "mccarthy", "mcclintock", "meitner", "mendel", "merkle", "minsky", "moore", "morse",
            "newton", "nobel", "noether", "pascal", "pasteur", "payne", "perlman", "pike", "poincare",
            "ptolemy", "raman", "ritchie", "rosalind", "sammet", "shannon", "shockley", "sinoussi", "stallman",
            "swanson", "tesla", "thompson", "torvalds", "turing", "varahamihira", "villani", "wescoff",
            "wiles", "williams", "wozniak", "wright", "yalow", "yonath");

    private final RandomGenerator random;

    public NameGenerator(RandomGenerator random) {
        this.random = random;
    }

    /** A name; {@code retry > 0} appends a digit, as Docker does after a collision. */
    public String next(int retry) {
        String name = ADJECTIVES.get(random.nextInt(ADJECTIVES.size())) + "_"
                + SURNAMES.get(random.nextInt(SURNAMES.size()));
        // Docker's own rule: Steve Wozniak is not boring.
        if (name.equals("boring_wozniak")) return next(retry);
        return retry > 0 ? name + random.nextInt(10) : name;
    }
}
