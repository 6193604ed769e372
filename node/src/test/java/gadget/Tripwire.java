package gadget;

import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for a deserialization gadget: a Serializable class outside every allow-list whose
 * readObject runs code. The counter says whether anything ever deserialized one.
 */
public final class Tripwire implements Serializable {

    public static final AtomicInteger DESERIALIZED = new AtomicInteger();
    private static final long serialVersionUID = 1L;

    private final String payload;

    public Tripwire(String payload) {
        this.payload = payload;
    }

    private void readObject(ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
        DESERIALIZED.incrementAndGet();
        in.defaultReadObject();
    }

    public String payload() {
        return payload;
    }
}
