package org.cryomine.core.accel;

/** The shared contract run on {@link ReferenceDogAccelerator}: checks the contract and the picker's accelerator path. */
class ReferenceDogAcceleratorTest extends DogAcceleratorContract {

    private final ReferenceDogAccelerator accelerator = new ReferenceDogAccelerator();

    @Override
    protected DogAccelerator accelerator() {
        return accelerator;
    }
}
