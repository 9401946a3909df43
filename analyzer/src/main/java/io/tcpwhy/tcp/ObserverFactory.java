package io.tcpwhy.tcp;

import io.tcpwhy.net.Endpoint;

/** Makes the observer for a connection the tracker has just opened. */
@FunctionalInterface
public interface ObserverFactory<O extends ConnectionObserver> {

    O create(Endpoint client, Endpoint server);
}
