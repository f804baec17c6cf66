package dev.krr.pricing.adapter.out.catalog;

import dev.krr.pricing.domain.ExchangeRates;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Reads the ECB euro foreign exchange reference rates XML ({@code eurofxref-daily.xml} and the
 * {@code eurofxref-hist*.xml} files): {@code <Cube time="2018-06-11"><Cube currency="USD"
 * rate="1.1790"/>...}, base EUR. Of a history file, the newest day is taken. External entities are
 * refused.
 */
public final class EcbRatesParser {

    private EcbRatesParser() {
    }

    public static ExchangeRates parse(InputStream xml, String sourceName) {
        Element root;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            root = builder.parse(xml).getDocumentElement();
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalArgumentException(sourceName + ": not an ECB reference rate XML: " + e.getMessage(), e);
        }
        NodeList cubes = root.getElementsByTagNameNS("*", "Cube");
        LocalDate newest = null;
        Element newestDay = null;
        for (int i = 0; i < cubes.getLength(); i++) {
            Element cube = (Element) cubes.item(i);
            if (cube.hasAttribute("time")) {
                LocalDate day = LocalDate.parse(cube.getAttribute("time"));
                if (newest == null || day.isAfter(newest)) {
                    newest = day;
                    newestDay = cube;
                }
            }
        }
        if (newestDay == null) {
            throw new IllegalArgumentException(sourceName + ": no <Cube time=...> element with rates");
        }
        Map<String, BigDecimal> rates = new HashMap<>();
        NodeList dayRates = newestDay.getElementsByTagNameNS("*", "Cube");
        for (int i = 0; i < dayRates.getLength(); i++) {
            Element rate = (Element) dayRates.item(i);
            String currency = rate.getAttribute("currency");
            String value = rate.getAttribute("rate");
            if (currency.isEmpty() || value.isEmpty()) {
                throw new IllegalArgumentException(sourceName + ": a rate of " + newest + " lacks currency or rate");
            }
            try {
                rates.put(currency, new BigDecimal(value));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(sourceName + ": rate of " + currency + " is not a number: '" + value + "'", e);
            }
        }
        return new ExchangeRates("EUR", newest, sourceName, rates);
    }
}
